package dev.budgetsync.metrics;

import dev.budgetsync.config.NotifyDestination;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The notification sender's meters, beside the service's at {@code /metrics}. A destination is
 * tagged by its place in NOTIFY_URLS ({@code "1"}, {@code "2"}, ...), never by its URL, which may
 * hold a secret: the series stay as few as the configured destinations.
 */
public final class NotificationMetrics {
  /** Per process, as the registry is: a gauge registered again keeps the value it was first registered with. */
  private static final Map<String, AtomicLong> PENDING = new ConcurrentHashMap<>();
  private final MeterRegistry registry;

  private NotificationMetrics(MeterRegistry registry, List<NotifyDestination> destinations) {
    this.registry = registry;
    for (NotifyDestination destination : destinations) {
      AtomicLong count = PENDING.computeIfAbsent(tag(destination), k -> new AtomicLong());
      Gauge.builder("budget_sync.notifications.pending", count, AtomicLong::get)
          .description("Deliveries waiting to be sent or retried, from the shared outbox (the same on every instance)")
          .tag("destination", tag(destination))
          .register(registry);
      // Up front, so that a rate over them is 0, not absent, before the first failure.
      failures(destination);
    }
  }

  public static NotificationMetrics of(Vertx vertx, List<NotifyDestination> destinations) {
    return new NotificationMetrics(ServiceMetrics.of(vertx).registry(), destinations);
  }

  public void pending(NotifyDestination destination, long count) {
    PENDING.get(tag(destination)).set(count);
  }

  /**
   * One request to a destination and how it ended.
   *
   * @param result {@code 2xx}, {@code 410}, another status class ({@code 4xx}, {@code 5xx}, ...) or {@code error}
   *               (no answer: refused, timed out)
   */
  public void attempt(NotifyDestination destination, String result) {
    Counter.builder("budget_sync.notifications.attempts")
        .description("Requests sent to notification destinations, by destination and result")
        .tag("destination", tag(destination))
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** A delivery given up: a 410, or no 2xx within NOTIFY_RETRY_HOURS. */
  public void failed(NotifyDestination destination) {
    failures(destination).increment();
  }

  private Counter failures(NotifyDestination destination) {
    return Counter.builder("budget_sync.notifications.failures")
        .description("Deliveries given up (a 410, or no 2xx within NOTIFY_RETRY_HOURS), by destination")
        .tag("destination", tag(destination))
        .register(registry);
  }

  private static String tag(NotifyDestination destination) {
    return Integer.toString(destination.position());
  }
}
