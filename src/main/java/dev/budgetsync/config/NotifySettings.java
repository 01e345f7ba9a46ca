package dev.budgetsync.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where notifications go and how they are delivered: {@code NOTIFY_URLS}, {@code NOTIFY_SECRET},
 * {@code NOTIFY_RETRY_HOURS} from the contract, and the sender's own tuning keys.
 *
 * @param timeoutMs     the whole time one request may take, from connecting to the answer's last byte
 * @param concurrency   requests in flight at once per destination, per instance
 * @param firstRetryMs  the delay before the second attempt; each later one doubles it, with jitter
 * @param pollMs        how often the sender looks for due deliveries
 */
public record NotifySettings(List<NotifyDestination> destinations, String secret, int retryHours, long timeoutMs,
                             int concurrency, long firstRetryMs, long pollMs) {
  private static final Set<String> PLACEHOLDERS = Set.of("REPLACE_ME", "whsec_REPLACE_ME", "changeme");

  static NotifySettings from(JsonObject json) {
    List<String> entries = AppConfig.list(AppConfig.text(json, "NOTIFY_URLS", ""));
    List<NotifyDestination> destinations = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      destinations.add(NotifyDestination.parse(i + 1, entries.get(i)));
    }
    if (destinations.stream().map(NotifyDestination::key).distinct().count() < destinations.size()) {
      throw AppConfig.invalid("NOTIFY_URLS", "names the same URL twice");
    }
    String secret = AppConfig.text(json, "NOTIFY_SECRET", "");
    if (!destinations.isEmpty() && secret.isEmpty()) {
      throw AppConfig.invalid("NOTIFY_SECRET", "is required when NOTIFY_URLS is set: receivers verify it");
    }
    if (PLACEHOLDERS.contains(secret)) {
      throw AppConfig.invalid("NOTIFY_SECRET", "is a placeholder; set a secret of your own");
    }
    return new NotifySettings(List.copyOf(destinations), secret,
        AppConfig.intIn(json, "NOTIFY_RETRY_HOURS", 72, 1, 720),
        AppConfig.intIn(json, "NOTIFY_TIMEOUT_MS", 10_000, 100, 300_000),
        AppConfig.intIn(json, "NOTIFY_CONCURRENCY", 4, 1, 64),
        AppConfig.intIn(json, "NOTIFY_FIRST_RETRY_MS", 30_000, 10, 3_600_000),
        AppConfig.intIn(json, "NOTIFY_POLL_MS", 1000, 10, 60_000));
  }

  public boolean enabled() {
    return !destinations.isEmpty();
  }

  /**
   * How long a claimed delivery is left to its sender: past its request's timeout, with room for
   * recording the answer. A sender that died mid-send is replaced after this time.
   */
  public long leaseMs() {
    return 2 * timeoutMs + 5000;
  }
}
