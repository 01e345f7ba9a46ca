package dev.budgetsync.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class NotifySettingsTest {
  private static final String SLACK = "https://hooks.slack.com/services/T000/B000/SECRETPART";

  @Test
  void offByDefaultWithTheContractsRetryWindow() {
    NotifySettings settings = AppConfig.from(new JsonObject()).notifications();

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.destinations()).isEmpty();
    assertThat(settings.retryHours()).isEqualTo(72);
  }

  @Test
  void destinationsKeepTheirOrderAndSlackOnesAreMarked() {
    NotifySettings settings = AppConfig.from(new JsonObject()
        .put("NOTIFY_URLS", " https://ops.example.com/hooks/budget , slack+" + SLACK)
        .put("NOTIFY_SECRET", "nsec_0123456789").put("NOTIFY_RETRY_HOURS", "24")).notifications();

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.retryHours()).isEqualTo(24);
    assertThat(settings.destinations()).extracting(NotifyDestination::position).containsExactly(1, 2);
    assertThat(settings.destinations()).extracting(NotifyDestination::slack).containsExactly(false, true);
    assertThat(settings.destinations()).extracting(NotifyDestination::url)
        .containsExactly("https://ops.example.com/hooks/budget", SLACK);
    assertThat(settings.destinations()).extracting(NotifyDestination::label)
        .containsExactly("#1 ops.example.com", "#2 hooks.slack.com");
    assertThat(settings.destinations().get(0).key()).matches("[0-9a-f]{64}").doesNotContain("example");
  }

  @Test
  void urlsWithoutASecretAreRefusedNamingTheKey() {
    Throwable refused = catchThrowable(() -> AppConfig.from(new JsonObject().put("NOTIFY_URLS", SLACK)));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("configuration NOTIFY_SECRET is required when NOTIFY_URLS is set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/x", "example.com/hook", "https:///nohost", "slack+mailto:ops@example.com",
      "https://user:pass@example.com/hook", "http://exa mple.com/"})
  void anEntryThatIsNotAnHttpUrlIsRefusedWithoutEchoingIt(String entry) {
    Throwable refused = catchThrowable(() -> AppConfig.from(new JsonObject()
        .put("NOTIFY_URLS", "https://ok.example.com/a," + entry).put("NOTIFY_SECRET", "nsec_0123456789")));

    assertThat(refused).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("configuration NOTIFY_URLS entry 2 must be an http:// or https:// URL")
        .hasMessageNotContaining(entry);
  }

  @Test
  void placeholderSecretsAndOutOfRangeValuesAreRefused() {
    JsonObject base = new JsonObject().put("NOTIFY_URLS", "https://ok.example.com/a");

    assertThat(catchThrowable(() -> AppConfig.from(base.copy().put("NOTIFY_SECRET", "changeme"))))
        .hasMessageStartingWith("configuration NOTIFY_SECRET is a placeholder");
    assertThat(catchThrowable(() -> AppConfig.from(base.copy().put("NOTIFY_SECRET", "s").put("NOTIFY_RETRY_HOURS", "0"))))
        .hasMessageStartingWith("configuration NOTIFY_RETRY_HOURS must be between 1 and 720");
    assertThat(catchThrowable(() -> AppConfig.from(base.copy().put("NOTIFY_SECRET", "s")
        .put("NOTIFY_URLS", "https://ok.example.com/a,https://ok.example.com/a"))))
        .hasMessageStartingWith("configuration NOTIFY_URLS names the same URL twice");
  }

  @Test
  void theLeaseOutlastsARequest() {
    NotifySettings settings = AppConfig.from(new JsonObject().put("NOTIFY_TIMEOUT_MS", "2000")).notifications();

    assertThat(settings.leaseMs()).isGreaterThan(settings.timeoutMs());
  }
}
