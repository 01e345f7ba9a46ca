package dev.budgetsync.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attack 7 of issue 13: weak or placeholder secrets stop the start, naming the key and not the value. */
class SecretPolicyTest {
  private static final String STRONG = "a-strong-admin-token-0123456789";

  private static AppConfig config(String key, String value) {
    return AppConfig.from(new JsonObject().put("ADMIN_TOKEN", STRONG).put("STRIPE_WEBHOOK_SECRET", "whsec_live_1234")
        .put(key, value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"q7", "dev-token", "123456789012345"})
  void anAdminTokenUnderSixteenCharactersIsRefused(String token) {
    assertThatThrownBy(() -> config("ADMIN_TOKEN", token).requireStrongSecrets())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("configuration ADMIN_TOKEN must be at least 16 characters")
        .hasMessageNotContaining(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"REPLACE_ME", "REPLACE_ME_REPLACE_ME_REPLACE_ME", "changeme-changeme-changeme", "...",
      "<your admin token here>", "token"})
  void aPlaceholderAdminTokenIsRefusedWhateverItsLength(String token) {
    assertThatThrownBy(() -> config("ADMIN_TOKEN", token).requireStrongSecrets())
        .hasMessageStartingWith("configuration ADMIN_TOKEN is a placeholder");
  }

  @ParameterizedTest
  @ValueSource(strings = {"whsec_REPLACE_ME", "whsec_live_1234,whsec_REPLACE_ME", "whsec_...", "changeme", "whsec_"})
  void aPlaceholderWebhookSecretIsRefused(String secret) {
    assertThatThrownBy(() -> config("STRIPE_WEBHOOK_SECRET", secret).requireStrongSecrets())
        .hasMessageStartingWith("configuration STRIPE_WEBHOOK_SECRET is a placeholder");
  }

  @Test
  void aPlaceholderInTheDatabaseUrlIsRefusedWithoutShowingTheUrl() {
    String url = "postgresql://budget_sync:REPLACE_ME@postgres.example.internal:5432/budget_sync";

    assertThatThrownBy(() -> config("DATABASE_URL", url).requireStrongSecrets())
        .hasMessage("configuration DATABASE_URL holds a placeholder: set the real URL and password");
  }

  @Test
  void aWebhookSecretWithoutTheWhsecPrefixIsServedWithAWarningThatNeverShowsIt() {
    AppConfig config = config("STRIPE_WEBHOOK_SECRET", "whsec_live_1234, sk_test_pasted_by_mistake");

    assertThat(config.requireStrongSecrets().secretWarnings()).singleElement().asString()
        .startsWith("STRIPE_WEBHOOK_SECRET: 1 of 2 secret(s) do not start with whsec_")
        .doesNotContain("sk_test_pasted_by_mistake");
    assertThat(config("STRIPE_WEBHOOK_SECRET", "whsec_live_1234").secretWarnings()).isEmpty();
    assertThat(AppConfig.from(new JsonObject()).secretWarnings()).isEmpty();
  }

  @Test
  void strongSecretsAGeneratedTokenAndNoWebhookSecretPass() {
    assertThat(config("ADMIN_TOKEN", "0123456789abcdef").requireStrongSecrets().adminToken())
        .isEqualTo("0123456789abcdef");
    assertThat(AppConfig.from(new JsonObject()).requireStrongSecrets().adminTokenGenerated()).isTrue();
    assertThat(config("STRIPE_WEBHOOK_SECRET", "whsec_test").requireStrongSecrets().webhookSecrets())
        .containsExactly("whsec_test");
  }
}
