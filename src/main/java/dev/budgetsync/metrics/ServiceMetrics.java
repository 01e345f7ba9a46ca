package dev.budgetsync.metrics;

import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.Outcome;
import dev.budgetsync.stripe.InvalidSignatureException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The service's own meters, scraped with Vert.x's at {@code /metrics}; docs/observability.md
 * explains each. Tags take values from small fixed sets only (never an account or an event id),
 * so the number of series stays bounded whatever Stripe or a client sends.
 */
public final class ServiceMetrics {
  /** Outcome of an event that billing could not commit (database down, overload): Stripe retries it. */
  public static final String NOT_COMMITTED = "error";
  private static final Set<String> KNOWN_TYPES = Set.copyOf(EventMapper.SUPPORTED_EVENTS);
  /** For a Vert.x built without metrics: one per process, as Vert.x's own default registry is. */
  private static final PrometheusMeterRegistry FALLBACK = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private final PrometheusMeterRegistry registry;
  private final Timer webhookLatency;

  private ServiceMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.webhookLatency = Timer.builder("budget_sync.webhook.latency")
        .description("Time from a verified webhook's arrival to the end of its reply, which follows the commit")
        .publishPercentileHistogram()
        // An exact bucket at the latency objective that docs/observability.md alerts on.
        .serviceLevelObjectives(Duration.ofMillis(250))
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    batchSize("webhook");
    batchSize("agent");
    // Registered up front so that a rate over them is 0, not absent, before the first failure.
    for (InvalidSignatureException.Reason reason : InvalidSignatureException.Reason.values()) {
      signatureFailures(reason);
    }
  }

  /**
   * Vert.x's own metrics (HTTP server by route, pools, event bus) and the JVM's, kept in the default
   * Prometheus registry that {@link #of} finds. The path label stays off: every URL would be a series.
   */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .addLabels(Label.HTTP_ROUTE));
  }

  /**
   * The meters in the registry of {@code vertx}'s metrics when it was built with {@link #vertxOptions};
   * else (a Vert.x without metrics, as in tests) in the service's own registry, still served at /metrics.
   * Each verticle asks for its own: meters with the same name and tags are the same meters.
   */
  public static ServiceMetrics of(Vertx vertx) {
    MeterRegistry vertxRegistry = vertx.isMetricsEnabled() ? BackendRegistries.getDefaultNow() : null;
    return new ServiceMetrics(vertxRegistry instanceof PrometheusMeterRegistry prometheus ? prometheus : FALLBACK);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Timer.Sample startWebhook() {
    return Timer.start(registry);
  }

  public void webhookAnswered(Timer.Sample sample) {
    sample.stop(webhookLatency);
  }

  public void signatureFailed(InvalidSignatureException.Reason reason) {
    signatureFailures(reason).increment();
  }

  private Counter signatureFailures(InvalidSignatureException.Reason reason) {
    return Counter.builder("budget_sync.signature.failures")
        .description("Webhooks refused for their Stripe-Signature header")
        .tag("reason", reason.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /** A webhook event committed with {@code result}, and the money it moved. */
  public void eventCommitted(String type, EventResult result) {
    event(type, result.outcome().wire());
    moneyMoved(result);
  }

  /** A webhook event that billing could not commit; it is answered 5xx, and Stripe delivers it again. */
  public void eventNotCommitted(String type) {
    event(type, NOT_COMMITTED);
  }

  private void event(String type, String outcome) {
    Counter.builder("budget_sync.events")
        .description("Verified Stripe events handled by billing, by type (other: an unsupported type) and outcome")
        .tag("type", KNOWN_TYPES.contains(type) ? type : "other")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Money an event moved on its own or when reprocessed, in the currency's minor units. */
  public void moneyMoved(EventResult result) {
    if (result.amount() == null || result.amount() <= 0) {
      return;
    }
    String direction;
    if (result.outcome() == Outcome.CREDITED) {
      direction = "credited";
    } else if (result.outcome() == Outcome.DEBITED) {
      direction = "debited";
    } else {
      return;
    }
    minorUnits("budget_sync.money." + direction, "Minor units (cents for usd) " + direction + " by Stripe events",
        result.currency(), result.amount());
  }

  /** Agent spend recorded (directly or by settling a reservation), in the currency's minor units. */
  public void agentSpent(String currency, long amount) {
    minorUnits("budget_sync.money.spent", "Minor units (cents for usd) of agent spend recorded", currency, amount);
  }

  /** Manual top-ups ({@code POST /api/budget/funds}) that moved money, in the currency's minor units. */
  public void toppedUp(String currency, long amount) {
    minorUnits("budget_sync.money.topped_up", "Minor units (cents for usd) credited by manual top-ups", currency,
        amount);
  }

  private void minorUnits(String name, String description, String currency, long amount) {
    if (amount <= 0) {
      return;
    }
    Counter.builder(name).description(description).baseUnit("minor_units").tag("currency", currency)
        .register(registry).increment(amount);
  }

  /** A batch of {@code path} (webhook or agent) committed with {@code size} requests. */
  public void batchCommitted(String path, int size) {
    batchSize(path).record(size);
  }

  private DistributionSummary batchSize(String path) {
    return DistributionSummary.builder("budget_sync.group_commit.batch.size")
        .description("Requests committed together in one transaction, by path: webhook events or agent requests")
        .tag("path", path)
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)
        .register(registry);
  }

  public void alertsFired(List<Integer> thresholds) {
    for (int threshold : thresholds) {
      Counter.builder("budget_sync.alerts")
          .description("Budget utilization alerts raised, by threshold percentage")
          .tag("threshold", Integer.toString(threshold))
          .register(registry)
          .increment();
    }
  }
}
