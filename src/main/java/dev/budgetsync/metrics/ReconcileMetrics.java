package dev.budgetsync.metrics;

import dev.budgetsync.domain.ReconcileRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * Meters of reconciliation with Stripe's API, beside {@link ServiceMetrics}' in the same registry;
 * docs/observability.md explains each. Tags take values from fixed sets (statuses, outcomes, problems).
 */
public final class ReconcileMetrics {
  private final MeterRegistry registry;

  private ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public static ReconcileMetrics of(Vertx vertx) {
    return new ReconcileMetrics(ServiceMetrics.of(vertx).registry());
  }

  /** A finished run: its status, duration, and what it listed, found new and processed. */
  public void runFinished(ReconcileRun run) {
    Counter.builder("budget_sync.reconcile.runs").description("Reconciliation runs, by how they ended")
        .tag("status", run.status()).register(registry).increment();
    Timer.builder("budget_sync.reconcile.duration").description("Time a reconciliation run took, lock held")
        .tag("status", run.status()).register(registry).record(run.duration());
    count("budget_sync.reconcile.events.listed", "Events listed by Stripe's Events API", run.listed());
    count("budget_sync.reconcile.events.new", "Listed events that were not stored yet", run.fresh());
    count("budget_sync.reconcile.errors", "Listed events that billing could not commit", run.errors());
    for (Map.Entry<String, Integer> outcome : run.processed().entrySet()) {
      Counter.builder("budget_sync.reconcile.events.processed")
          .description("Events reconciliation sent through billing, by outcome")
          .tag("outcome", outcome.getKey()).register(registry).increment(outcome.getValue());
    }
  }

  /** The problems a run found with the webhook endpoints, by kind. */
  public void endpointProblems(Map<String, Integer> problems) {
    problems.forEach((problem, count) -> Counter.builder("budget_sync.reconcile.endpoint.problems")
        .description("Webhook endpoint problems found by reconciliation runs (disabled, missing_events, no_endpoint)")
        .tag("problem", problem).register(registry).increment(count));
  }

  private void count(String name, String description, int amount) {
    Counter.builder(name).description(description).register(registry).increment(amount);
  }
}
