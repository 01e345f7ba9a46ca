package dev.budgetsync.config;

import java.util.List;
import java.util.Locale;

/**
 * Refuses to serve with secrets that are no secrets: a short admin token, or a value still holding
 * a placeholder such as those shipped in {@code k8s/secret.yaml}. Each refusal names the key and
 * never repeats the value.
 */
final class SecretPolicy {
  static final int MIN_TOKEN_LENGTH = 16;
  /** Placeholders as templates and examples write them; a value containing one is not a secret yet. */
  private static final List<String> PLACEHOLDERS = List.of(
      "replace_me", "replace-me", "replaceme", "changeme", "change_me", "change-me", "changeit", "...");
  /** Whole values that are words, not secrets. */
  private static final List<String> WORDS = List.of(
      "secret", "password", "token", "admin", "test", "example", "whsec_");

  private SecretPolicy() {
  }

  static void check(AppConfig config) {
    if (!config.adminTokenGenerated()) {
      String token = config.adminToken();
      if (isPlaceholder(token)) {
        throw AppConfig.invalid("ADMIN_TOKEN", "is a placeholder: set a secret of your own (e.g. openssl rand -hex 32)");
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw AppConfig.invalid("ADMIN_TOKEN", "must be at least " + MIN_TOKEN_LENGTH
            + " characters (e.g. openssl rand -hex 32); leave it unset to have one generated");
      }
    }
    if (config.webhookSecrets().stream().anyMatch(SecretPolicy::isPlaceholder)) {
      throw AppConfig.invalid("STRIPE_WEBHOOK_SECRET", "is a placeholder: set the endpoint's signing secret"
          + " from the Stripe dashboard, or leave it empty to keep the webhook off");
    }
    if (containsPlaceholder(config.databaseUrl())) {
      throw AppConfig.invalid("DATABASE_URL", "holds a placeholder: set the real URL and password");
    }
  }

  /**
   * What is served with but looks wrong: a webhook secret without Stripe's {@code whsec_} prefix is
   * most likely the API key or another value pasted by mistake, and then every event is refused
   * {@code 400 invalid_signature}. The contract only names the prefix, so this warns and does not refuse.
   */
  static List<String> warnings(AppConfig config) {
    long unprefixed = config.webhookSecrets().stream().filter(secret -> !secret.startsWith("whsec_")).count();
    if (unprefixed == 0) {
      return List.of();
    }
    return List.of("STRIPE_WEBHOOK_SECRET: " + unprefixed + " of " + config.webhookSecrets().size()
        + " secret(s) do not start with whsec_, as Stripe's endpoint signing secrets do: check that it is the"
        + " endpoint's signing secret (Stripe dashboard, or `stripe listen`), not an API key");
  }

  private static boolean isPlaceholder(String value) {
    return WORDS.contains(value.toLowerCase(Locale.ROOT)) || containsPlaceholder(value);
  }

  private static boolean containsPlaceholder(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return PLACEHOLDERS.stream().anyMatch(lower::contains) || (lower.startsWith("<") && lower.endsWith(">"));
  }
}
