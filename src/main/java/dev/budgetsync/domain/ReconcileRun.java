package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One reconciliation with Stripe's Events API, as stored and as answered: which events it listed
 * ({@code created} from {@code since}), how many were stored already, what became of the others.
 *
 * @param status    {@code running}, {@code ok}, {@code partial} (some pages handled, then a failure),
 *                  {@code failed}, {@code skipped} (the lock stayed busy) or {@code interrupted}
 *                  (its instance stopped during the run)
 * @param until     when the run began: a successful run's {@code until} is the next run's watermark
 * @param processed events sent through billing, by outcome ({@code duplicate} when a webhook came first)
 * @param failure   null, or why the run stopped: {@code key_rejected}, {@code permission_denied},
 *                  {@code api_refused}, {@code api_unreachable}, {@code not_committed}, {@code lock_busy}
 */
public record ReconcileRun(long id, String trigger, String instance, String status, boolean dryRun, Instant since,
                           Instant until, int listed, int alreadyStored, Map<String, Integer> processed, int errors,
                           String failure, String error, Instant startedAt, Instant finishedAt) {

  public static final String OK = "ok";
  public static final String PARTIAL = "partial";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  /** Events of the list that were not stored when the run looked: those it sent (or, dry, would send). */
  public int fresh() {
    return listed - alreadyStored;
  }

  public Duration duration() {
    return finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
  }

  public JsonObject toJson() {
    JsonObject byOutcome = new JsonObject();
    new TreeMap<>(processed).forEach(byOutcome::put);
    return new JsonObject().put("id", id).put("trigger", trigger).put("instance", instance).put("status", status)
        .put("dry_run", dryRun).put("since", since.toString()).put("until", until.toString())
        .put("listed", listed).put("already_stored", alreadyStored).put("processed", byOutcome)
        .put("errors", errors).put("failure", failure).put("error", error)
        .put("started_at", startedAt.toString())
        .put("finished_at", finishedAt == null ? null : finishedAt.toString())
        .put("duration_ms", duration().toMillis());
  }
}
