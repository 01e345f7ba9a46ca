package dev.budgetsync.store;

import dev.budgetsync.domain.ReconcileRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The reconciliation runs (table {@code reconcile_run}) and the question each page of events asks. */
public final class ReconcileRuns {
  private final Pool pool;

  public ReconcileRuns(Pool pool) {
    this.pool = pool;
  }

  /** What a run found and did, written when it ends. */
  public record Finished(String status, int listed, int alreadyStored, Map<String, Integer> processed, int errors,
                         String failure, String error, JsonObject webhookEndpoints) {
  }

  /** The ids among {@code ids} that are stored already, whatever their outcome. */
  public Future<Set<String>> storedAmong(List<String> ids) {
    return pool.preparedQuery(ReconcileSql.STORED_AMONG).execute(Tuple.of(ids.toArray(String[]::new))).map(rows -> {
      Set<String> stored = new HashSet<>();
      rows.forEach(row -> stored.add(row.getString("id")));
      return stored;
    });
  }

  /** Where the last successful run stopped looking; null before the first. */
  public Future<Instant> watermark() {
    return pool.query(ReconcileSql.RECONCILE_WATERMARK).execute().map(rows -> instant(rows.iterator().next(), "until"));
  }

  /**
   * Records a run as started, after marking the runs of stopped instances interrupted and dropping
   * runs older than 90 days. Called with the reconciliation lock held.
   */
  public Future<Long> start(String trigger, String instance, boolean dryRun, Instant since, Instant until) {
    return pool.query(ReconcileSql.INTERRUPT_RUNS).execute()
        .compose(v -> pool.query(ReconcileSql.PRUNE_RUNS).execute())
        .compose(v -> pool.preparedQuery(ReconcileSql.START_RUN).execute(Tuple.of(trigger, instance, dryRun, time(since),
            time(until))))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Records a run that never began because another held the lock throughout the wait. */
  public Future<ReconcileRun> skipped(String trigger, String instance, boolean dryRun, Instant at, String error) {
    return pool.preparedQuery(ReconcileSql.SKIPPED_RUN).execute(Tuple.of(trigger, instance, dryRun, time(at), error))
        .compose(rows -> byId(rows.iterator().next().getLong("id")));
  }

  public Future<ReconcileRun> finish(long id, Finished run) {
    JsonObject processed = new JsonObject();
    run.processed().forEach(processed::put);
    return pool.preparedQuery(ReconcileSql.FINISH_RUN).execute(Tuple.from(Arrays.asList(id, run.status(), run.listed(),
            run.alreadyStored(), processed, run.errors(), run.failure(), run.error(), run.webhookEndpoints())))
        .compose(v -> byId(id));
  }

  public Future<List<ReconcileRun>> latest(int limit) {
    return pool.preparedQuery(ReconcileSql.LATEST_RUNS).execute(Tuple.of(limit)).map(rows -> {
      List<ReconcileRun> runs = new ArrayList<>();
      rows.forEach(row -> runs.add(run(row)));
      return runs;
    });
  }

  /** The webhook endpoints' health as the last run that could read them found it; null before any. */
  public Future<JsonObject> latestEndpointCheck() {
    return pool.query(ReconcileSql.LATEST_ENDPOINT_CHECK).execute()
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getJsonObject("webhook_endpoints"));
  }

  private Future<ReconcileRun> byId(long id) {
    return pool.preparedQuery(ReconcileSql.RUN_BY_ID).execute(Tuple.of(id)).map(rows -> run(rows.iterator().next()));
  }

  private static ReconcileRun run(Row row) {
    Map<String, Integer> processed = new TreeMap<>();
    row.getJsonObject("processed")
        .forEach(entry -> processed.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
    return new ReconcileRun(row.getLong("id"), row.getString("trigger"), row.getString("instance"),
        row.getString("status"), row.getBoolean("dry_run"), instant(row, "since"), instant(row, "until"),
        row.getInteger("listed"), row.getInteger("already_stored"), processed, row.getInteger("errors"),
        row.getString("failure"), row.getString("error"), instant(row, "started_at"), instant(row, "finished_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime time = row.getOffsetDateTime(column);
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
