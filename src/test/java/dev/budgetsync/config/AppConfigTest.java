package dev.budgetsync.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AppConfigTest {
  @Test
  void defaultsFromEmptyConfig() {
    AppConfig config = AppConfig.from(new JsonObject());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.webhookSecrets()).isEmpty();
    assertThat(config.webhookConfigured()).isFalse();
    assertThat(config.toleranceSeconds()).isEqualTo(300);
    assertThat(config.livemode()).isFalse();
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.databaseSchema()).isEqualTo("budget_sync");
    assertThat(config.databasePoolSize()).isEqualTo(8);
    assertThat(config.defaultAccount()).isEqualTo("default");
    assertThat(config.budgetCurrency()).isEqualTo("usd");
    assertThat(config.alertThresholds()).containsExactly(50, 80, 100);
    assertThat(config.billingTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void shippedConfigFileGivesTheContractDefaults() throws IOException {
    Path file = Path.of("conf/config.json");
    AppConfig fromFile = AppConfig.from(new JsonObject(Files.readString(file)));

    assertThat(fromFile.httpPort()).isEqualTo(8080);
    assertThat(fromFile.toleranceSeconds()).isEqualTo(300);
    assertThat(fromFile.webhookConfigured()).isFalse();
    assertThat(fromFile.defaultAccount()).isEqualTo("default");
    assertThat(fromFile.budgetCurrency()).isEqualTo("usd");
    assertThat(fromFile.alertThresholds()).containsExactly(50, 80, 100);
    assertThat(fromFile.adminTokenGenerated()).isTrue();
  }

  @Test
  void generatesAnAdminTokenWhenNoneIsSet() {
    AppConfig first = AppConfig.from(new JsonObject());
    AppConfig second = AppConfig.from(new JsonObject().put("ADMIN_TOKEN", "   "));

    assertThat(first.adminTokenGenerated()).isTrue();
    assertThat(first.adminToken()).matches("bst_[0-9a-f]{48}");
    assertThat(second.adminTokenGenerated()).isTrue();
    assertThat(second.adminToken()).matches("bst_[0-9a-f]{48}").isNotEqualTo(first.adminToken());
  }

  @Test
  void aSettingGivenAsAJsonArrayOrObjectIsRefusedNotTurnedIntoItsJsonText() {
    // Found by attacking the running jar (round 3, F7): ["whsec_a"] became the secret '["whsec_a"]'.
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("STRIPE_WEBHOOK_SECRET", new JsonArray().add("whsec_a"))))
        .hasMessageStartingWith("configuration STRIPE_WEBHOOK_SECRET must be one value").hasMessageContaining("array")
        .hasMessageNotContaining("whsec_a");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("HTTP_PORT", new JsonObject().put("port", 8080))))
        .hasMessageStartingWith("configuration HTTP_PORT must be one value").hasMessageContaining("object");
  }

  @Test
  void configuredAdminTokenIsKept() {
    AppConfig config = AppConfig.from(new JsonObject().put("ADMIN_TOKEN", "s3cret-token"));

    assertThat(config.adminToken()).isEqualTo("s3cret-token");
    assertThat(config.adminTokenGenerated()).isFalse();
  }

  @Test
  void overridesAsStringsOrNumbers() {
    AppConfig config = AppConfig.from(new JsonObject()
        .put("HTTP_PORT", "9090")
        .put("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 60)
        .put("STRIPE_LIVEMODE", "true")
        .put("DATABASE_URL", "postgresql://u:p@db:5432/budget")
        .put("DATABASE_SCHEMA", "tenant_2")
        .put("DATABASE_POOL_SIZE", "16")
        .put("DEFAULT_ACCOUNT", "house@acme")
        .put("BUDGET_CURRENCY", "eur")
        .put("BUDGET_ALERT_THRESHOLDS", "90, 25,90,150")
        .put("BILLING_TIMEOUT_MS", 2000));

    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.toleranceSeconds()).isEqualTo(60);
    assertThat(config.livemode()).isTrue();
    assertThat(config.databaseUrl()).isEqualTo("postgresql://u:p@db:5432/budget");
    assertThat(config.databaseSchema()).isEqualTo("tenant_2");
    assertThat(config.databasePoolSize()).isEqualTo(16);
    assertThat(config.defaultAccount()).isEqualTo("house@acme");
    assertThat(config.budgetCurrency()).isEqualTo("eur");
    assertThat(config.alertThresholds()).containsExactly(25, 90, 150);
    assertThat(config.billingTimeoutMs()).isEqualTo(2000);
  }

  @Test
  void accountSettingsCarryTheMoneyRules() {
    AppConfig config = AppConfig.from(new JsonObject()
        .put("DEFAULT_ACCOUNT", "house").put("BUDGET_CURRENCY", "jpy").put("STRIPE_LIVEMODE", "1")
        .put("BUDGET_ALERT_THRESHOLDS", "75"));

    AccountSettings settings = config.accountSettings();

    assertThat(settings).isEqualTo(new AccountSettings("house", "jpy", true, List.of(75)));
  }

  @Test
  void commaSeparatedSecretsAreTrimmed() {
    AppConfig config = AppConfig.from(new JsonObject()
        .put("STRIPE_WEBHOOK_SECRET", " whsec_new , whsec_old,, ,"));

    assertThat(config.webhookSecrets()).containsExactly("whsec_new", "whsec_old");
    assertThat(config.webhookConfigured()).isTrue();
  }

  @Test
  void singleSecret() {
    AppConfig config = AppConfig.from(new JsonObject().put("STRIPE_WEBHOOK_SECRET", "whsec_0012345"));

    assertThat(config.webhookSecrets()).containsExactly("whsec_0012345");
  }

  @Test
  void blankSecretMeansNotConfigured() {
    assertThat(AppConfig.from(new JsonObject().put("STRIPE_WEBHOOK_SECRET", " , ")).webhookConfigured()).isFalse();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        arguments("HTTP_PORT", "http"),
        arguments("HTTP_PORT", "-1"),
        arguments("HTTP_PORT", "65536"),
        arguments("HTTP_PORT", "80.5"),
        arguments("HTTP_PORT", 70000),
        arguments("HTTP_PORT", 0),
        arguments("STRIPE_WEBHOOK_TOLERANCE_SECONDS", "0"),
        arguments("STRIPE_WEBHOOK_TOLERANCE_SECONDS", "five"),
        arguments("STRIPE_LIVEMODE", "maybe"),
        arguments("DATABASE_SCHEMA", "Budget"),
        arguments("DATABASE_SCHEMA", "1budget"),
        arguments("DATABASE_SCHEMA", "budget;drop table x"),
        arguments("DATABASE_SCHEMA", "budget-sync"),
        arguments("DATABASE_SCHEMA", "a".repeat(64)),
        arguments("DATABASE_POOL_SIZE", "0"),
        arguments("DEFAULT_ACCOUNT", "has space"),
        arguments("DEFAULT_ACCOUNT", "a".repeat(65)),
        arguments("BUDGET_CURRENCY", "USD"),
        arguments("BUDGET_CURRENCY", "dollars"),
        arguments("BUDGET_CURRENCY", "abc"),
        arguments("BUDGET_ALERT_THRESHOLDS", "50,eighty"),
        arguments("BUDGET_ALERT_THRESHOLDS", "0,50"),
        arguments("BUDGET_ALERT_THRESHOLDS", "-10"),
        arguments("BUDGET_ALERT_THRESHOLDS", "50.5"),
        arguments("BUDGET_ALERT_THRESHOLDS", "1001"),
        arguments("BILLING_TIMEOUT_MS", "10"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("invalid")
  void invalidValueFailsNamingTheKey(String key, Object value) {
    Throwable thrown = catchThrowable(() -> AppConfig.from(new JsonObject().put(key, value)));

    assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining(key);
  }

  @Test
  void validBoundaries() {
    AppConfig low = AppConfig.from(new JsonObject().put("HTTP_PORT", "1").put("DATABASE_SCHEMA", "_s")
        .put("BUDGET_ALERT_THRESHOLDS", "1"));
    AppConfig high = AppConfig.from(new JsonObject().put("HTTP_PORT", 65535).put("DATABASE_SCHEMA", "a".repeat(63))
        .put("BUDGET_ALERT_THRESHOLDS", "1000"));

    assertThat(low.httpPort()).isEqualTo(1);
    assertThat(low.alertThresholds()).containsExactly(1);
    assertThat(high.httpPort()).isEqualTo(65535);
    assertThat(high.alertThresholds()).containsExactly(1000);
  }

  @Test
  void livemodeSpellings() {
    assertThat(AppConfig.from(new JsonObject().put("STRIPE_LIVEMODE", true)).livemode()).isTrue();
    assertThat(AppConfig.from(new JsonObject().put("STRIPE_LIVEMODE", "YES")).livemode()).isTrue();
    assertThat(AppConfig.from(new JsonObject().put("STRIPE_LIVEMODE", "0")).livemode()).isFalse();
    assertThat(AppConfig.from(new JsonObject().put("STRIPE_LIVEMODE", "")).livemode()).isFalse();
  }
}
