package dev.budgetsync.bus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A reconciliation to run on this instance's billing ({@link Addresses#RECONCILE_RUN}).
 *
 * @param since   list events created at or after this instant; null to start from the last
 *                successful run's watermark
 * @param dryRun  list and compare only: send nothing to billing
 * @param trigger {@code schedule} or {@code cli}
 */
public record ReconcileRequest(Instant since, boolean dryRun, String trigger) {
  /** How long Stripe keeps events in its API. */
  public static final Duration RETENTION = Duration.ofDays(30);

  public static ReconcileRequest scheduled() {
    return new ReconcileRequest(null, false, "schedule");
  }

  /** A run asked for by hand, refused when {@code since} is in the future or beyond Stripe's retention. */
  public static ReconcileRequest manual(Instant since, boolean dryRun, Clock clock) {
    Instant now = clock.instant();
    if (since != null && since.isBefore(now.minus(RETENTION))) {
      throw ServiceError.invalid("since " + since + " is older than 30 days: Stripe keeps events for 30 days");
    }
    if (since != null && since.isAfter(now)) {
      throw ServiceError.invalid("since " + since + " is in the future");
    }
    return new ReconcileRequest(since, dryRun, "cli");
  }
}
