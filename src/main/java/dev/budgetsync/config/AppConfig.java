package dev.budgetsync.config;

import dev.budgetsync.money.Currencies;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * The service's settings, read once at start-up. Keys are the environment variable names of the
 * contract; {@link #from(JsonObject)} validates them and fails fast with a message naming the key.
 *
 * @param adminTokenGenerated true when no ADMIN_TOKEN was configured and one was made up at start
 */
public record AppConfig(
    int httpPort,
    List<String> webhookSecrets,
    long toleranceSeconds,
    boolean livemode,
    String databaseUrl,
    String databaseSchema,
    int databasePoolSize,
    String embeddedPostgresDir,
    String adminToken,
    boolean adminTokenGenerated,
    String defaultAccount,
    String budgetCurrency,
    List<Integer> alertThresholds,
    long billingTimeoutMs,
    long reservationSweepMs,
    int eventBusBridgePort,
    int batchSize,
    long batchWaitMs,
    StripeApiSettings stripeApi,
    int managementPort,
    NotifySettings notifications,
    long bodyBufferBytes,
    long readTimeoutMs,
    int bridgeMaxConnections,
    int httpMaxConnections) {

  private static final int MIB = 1024 * 1024;

  public static AppConfig from(JsonObject json) {
    String token = text(json, "ADMIN_TOKEN", "");
    boolean generated = token.isEmpty();
    return new AppConfig(
        intIn(json, "HTTP_PORT", 8080, 1, 65535),
        list(text(json, "STRIPE_WEBHOOK_SECRET", "")),
        intIn(json, "STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300, 1, 86_400),
        bool(json, "STRIPE_LIVEMODE"),
        text(json, "DATABASE_URL", ""),
        identifier(text(json, "DATABASE_SCHEMA", "budget_sync")),
        intIn(json, "DATABASE_POOL_SIZE", 8, 1, 256),
        text(json, "EMBEDDED_POSTGRES_DIR", "data/postgres"),
        generated ? Secrets.newToken() : token,
        generated,
        account(text(json, "DEFAULT_ACCOUNT", "default")),
        currency(text(json, "BUDGET_CURRENCY", "usd")),
        thresholds(text(json, "BUDGET_ALERT_THRESHOLDS", "50,80,100")),
        intIn(json, "BILLING_TIMEOUT_MS", 5000, 100, 120_000),
        intIn(json, "RESERVATION_SWEEP_MS", 5000, 100, 3_600_000),
        intIn(json, "EVENTBUS_BRIDGE_PORT", 0, 0, 65535),
        intIn(json, "BILLING_BATCH_SIZE", 32, 1, 1000),
        intIn(json, "BILLING_BATCH_WAIT_MS", 2, 0, 1000),
        StripeApiSettings.of(text(json, "STRIPE_SECRET_KEY", ""), text(json, "STRIPE_API_BASE", ""),
            intIn(json, "STRIPE_RECONCILE_INTERVAL_MINUTES", 60, 0, 10_080), bool(json, "STRIPE_LIVEMODE")),
        intIn(json, "MANAGEMENT_PORT", 0, 0, 65535),
        NotifySettings.from(json),
        // Sized for a 384 MiB heap: each buffered byte costs about three while it is checked.
        intIn(json, "HTTP_BODY_BUFFER_BYTES", 32 * MIB, MIB, 1024 * MIB),
        intIn(json, "HTTP_READ_TIMEOUT_MS", 10_000, 100, 120_000),
        intIn(json, "EVENTBUS_BRIDGE_MAX_CONNECTIONS", 100, 1, 10_000),
        intIn(json, "HTTP_MAX_CONNECTIONS", 4096, 16, 100_000));
  }

  /**
   * This configuration, if it is fit to serve with: an {@code ADMIN_TOKEN} of at least 16 characters
   * that is no placeholder, and no placeholder among the webhook secrets or in {@code DATABASE_URL}.
   * Only the service asks: a command-line client with a wrong token is simply refused by the service.
   */
  public AppConfig requireStrongSecrets() {
    SecretPolicy.check(this);
    return this;
  }

  /** What the service starts with but warns of, each a line for the log; never a secret's value. */
  public List<String> secretWarnings() {
    return SecretPolicy.warnings(this);
  }

  /** The TCP event-bus bridge is off unless a port is configured. */
  public boolean eventBusBridgeEnabled() {
    return eventBusBridgePort > 0;
  }

  /** The management port (metrics and health without a token) is off unless a port is configured. */
  public boolean managementEnabled() {
    return managementPort > 0;
  }

  public boolean webhookConfigured() {
    return !webhookSecrets.isEmpty();
  }

  /** The settings the billing side needs, as they travel in a deployment's config. */
  public AccountSettings accountSettings() {
    return new AccountSettings(defaultAccount, budgetCurrency, livemode, alertThresholds);
  }

  /** A setting as text; a JSON array or object would turn into its own JSON text, so it is refused. */
  static String text(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    if (value instanceof JsonArray || value instanceof JsonObject) {
      throw invalid(key, "must be one value (text, number or true/false), not a JSON "
          + (value instanceof JsonArray ? "array" : "object") + "; a list is written as comma-separated text");
    }
    return value == null ? fallback : String.valueOf(value).trim();
  }

  private static boolean bool(JsonObject json, String key) {
    String value = text(json, key, "false").toLowerCase();
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw invalid(key, "must be true or false");
    };
  }

  static int intIn(JsonObject json, String key, int fallback, int min, int max) {
    String value = text(json, key, "");
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw invalid(key, "must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(key, "must be a whole number");
    }
  }

  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String identifier(String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw invalid("DATABASE_SCHEMA", "must be a lower-case SQL identifier");
    }
    return schema;
  }

  private static String account(String account) {
    if (!AccountSettings.isValidAccount(account)) {
      throw invalid("DEFAULT_ACCOUNT", "must be 1-64 characters of letters, digits, '_', '-', '.', ':' or '@'");
    }
    return account;
  }

  private static String currency(String code) {
    if (!Currencies.isKnown(code)) {
      throw invalid("BUDGET_CURRENCY", "must be a lower-case ISO currency code that Stripe supports");
    }
    return code;
  }

  private static List<Integer> thresholds(String value) {
    try {
      List<Integer> parsed = list(value).stream().map(Integer::parseInt).sorted().distinct().toList();
      if (parsed.stream().anyMatch(t -> t <= 0 || t > 1000)) {
        throw invalid("BUDGET_ALERT_THRESHOLDS", "percentages must be between 1 and 1000");
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid("BUDGET_ALERT_THRESHOLDS", "must be a comma-separated list of whole percentages");
    }
  }

  static IllegalArgumentException invalid(String key, String why) {
    return new IllegalArgumentException("configuration " + key + " " + why);
  }
}
