package dev.budgetsync.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** STRIPE_SECRET_KEY, STRIPE_API_BASE and STRIPE_RECONCILE_INTERVAL_MINUTES, as AppConfig reads them. */
class StripeApiSettingsTest {

  @Test
  void withoutAKeyNothingCallsTheApi() throws IOException {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/config.json")));
    for (JsonObject json : new JsonObject[] {new JsonObject(), shipped}) {
      StripeApiSettings stripe = AppConfig.from(json).stripeApi();
      assertThat(stripe.configured()).isFalse();
      assertThat(stripe.scheduled()).isFalse();
      assertThat(stripe.apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
    }
  }

  @Test
  void aKeyReconcilesEveryHourUnlessTheIntervalSaysOtherwise() {
    StripeApiSettings hourly = AppConfig.from(new JsonObject().put("STRIPE_SECRET_KEY", "sk_test_51Habcdef0123"))
        .stripeApi();
    assertThat(hourly.scheduled()).isTrue();
    assertThat(hourly.reconcileIntervalMinutes()).isEqualTo(60);
    StripeApiSettings manual = AppConfig.from(new JsonObject().put("STRIPE_SECRET_KEY", "rk_test_51Habcdef0123")
        .put("STRIPE_RECONCILE_INTERVAL_MINUTES", "0").put("STRIPE_API_BASE", "http://127.0.0.1:18140/")).stripeApi();
    assertThat(manual.configured()).isTrue();
    assertThat(manual.scheduled()).isFalse();
    assertThat(manual.apiBase()).isEqualTo(URI.create("http://127.0.0.1:18140"));
    StripeApiSettings live = AppConfig.from(new JsonObject().put("STRIPE_SECRET_KEY", "sk_live_51Habcdef0123")
        .put("STRIPE_LIVEMODE", "true")).stripeApi();
    assertThat(live.configured()).isTrue();
  }

  @Test
  void theKeyNeverShowsInTheSettingsText() {
    AppConfig config = AppConfig.from(new JsonObject().put("STRIPE_SECRET_KEY", "sk_test_51Hsecretsecret"));
    assertThat(config.stripeApi().toString()).doesNotContain("51Hsecretsecret");
    assertThat(config.toString()).doesNotContain("51Hsecretsecret");
  }

  @Test
  void wrongValuesStopTheStartNamingTheKey() {
    assertRefused(new JsonObject().put("STRIPE_SECRET_KEY", "pk_test_51Habcdef0123"), "STRIPE_SECRET_KEY");
    assertRefused(new JsonObject().put("STRIPE_SECRET_KEY", "sk_test 51Habcdef0123"), "STRIPE_SECRET_KEY");
    assertRefused(new JsonObject().put("STRIPE_SECRET_KEY", "sk_live_51Habcdef0123"),
        "STRIPE_SECRET_KEY is a live-mode key");
    assertRefused(new JsonObject().put("STRIPE_SECRET_KEY", "rk_test_51Habcdef0123").put("STRIPE_LIVEMODE", "yes"),
        "STRIPE_SECRET_KEY is a test-mode key");
    assertRefused(new JsonObject().put("STRIPE_API_BASE", "api.stripe.com"), "STRIPE_API_BASE");
    assertRefused(new JsonObject().put("STRIPE_API_BASE", "ftp://api.stripe.com"), "STRIPE_API_BASE");
    assertRefused(new JsonObject().put("STRIPE_API_BASE", "https://api.stripe.com/?x=1"), "STRIPE_API_BASE");
    assertRefused(new JsonObject().put("STRIPE_RECONCILE_INTERVAL_MINUTES", "-1"), "STRIPE_RECONCILE_INTERVAL_MINUTES");
    assertRefused(new JsonObject().put("STRIPE_RECONCILE_INTERVAL_MINUTES", "hourly"),
        "STRIPE_RECONCILE_INTERVAL_MINUTES");
  }

  private static void assertRefused(JsonObject json, String message) {
    Throwable error = catchThrowable(() -> AppConfig.from(json));
    assertThat(error).as(json.encode()).isInstanceOf(IllegalArgumentException.class);
    assertThat(error.getMessage()).startsWith("configuration " + message);
  }
}
