package dev.budgetsync.store;

import dev.budgetsync.billing.AccountRef;
import dev.budgetsync.billing.ApiException;
import dev.budgetsync.billing.BudgetStatus;
import dev.budgetsync.billing.LedgerIntent;
import dev.budgetsync.billing.Requests.FundsRequest;
import dev.budgetsync.billing.Requests.SpendRequest;
import dev.budgetsync.money.Months;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Entries that callers make rather than Stripe: manual top-ups and agent spend. The idempotency
 * key becomes the entry's money key, so the same key moves money once however many requests carry
 * it, concurrent ones included; reusing a key for a different request is a 409.
 */
public final class ManualEntries {
  private final Pool pool;
  private final List<Integer> alertThresholds;
  private final Clock clock;

  public ManualEntries(Pool pool, List<Integer> alertThresholds, Clock clock) {
    this.pool = pool;
    this.alertThresholds = alertThresholds;
    this.clock = clock;
  }

  /** The status after the change, and the changes to publish once committed. */
  public record Result(BudgetStatus status, List<BudgetChange> changes) {
  }

  public Future<Result> addFunds(FundsRequest request) {
    JsonObject fingerprint = new JsonObject()
        .put("account", request.account()).put("amount", request.amount()).put("currency", request.currency())
        .put("note", request.note());
    return record(LedgerIntent.Kind.CREDIT, "manual", "manual:", request.idempotencyKey(), request.account(),
        request.amount(), request.currency(), new JsonObject().put("note", request.note()), fingerprint);
  }

  /** Always records: the cost was incurred, whatever the budget says. */
  public Future<Result> spend(SpendRequest request) {
    JsonObject fingerprint = new JsonObject()
        .put("account", request.account()).put("agent", request.agent()).put("amount", request.amount())
        .put("currency", request.currency()).put("description", request.description());
    return record(LedgerIntent.Kind.SPEND, "agent:" + request.agent(), "spend:", request.idempotencyKey(),
        request.account(), request.amount(), request.currency(),
        new JsonObject().put("agent", request.agent()).put("description", request.description()), fingerprint);
  }

  private Future<Result> record(LedgerIntent.Kind kind, String source, String keyPrefix, String idempotencyKey,
                                String account, long amount, String currency, JsonObject metadata,
                                JsonObject fingerprint) {
    String key = idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey;
    LedgerIntent intent = new LedgerIntent(kind, AccountRef.of(account), Months.of(clock.instant()), amount,
        currency, source, keyPrefix + key, List.of(), null,
        metadata.put("idempotency_key", key).put("request", fingerprint), false);
    return pool.withTransaction(conn -> {
      BudgetDeltas deltas = new BudgetDeltas();
      return LedgerWriter.apply(conn, intent, null, deltas)
          .compose(applied -> applied.moved() ? Future.succeededFuture() : sameRequest(conn, intent, fingerprint))
          .compose(v -> deltas.flush(conn, alertThresholds))
          .compose(changes -> Queries.status(conn, account, intent.month(), currency)
              .map(status -> new Result(status, changes)));
    });
  }

  /** A replayed key is fine for the same request; for another one it is the caller's mistake. */
  private static Future<Void> sameRequest(SqlConnection conn, LedgerIntent intent, JsonObject fingerprint) {
    return conn.preparedQuery(Sql.ENTRY_BY_MONEY_KEY).execute(Tuple.of(intent.moneyKey())).map(rows -> {
      Row row = rows.iterator().next();
      JsonObject stored = row.getJsonObject("metadata").getJsonObject("request");
      if (!Objects.equals(stored, fingerprint)) {
        throw new ApiException(409, "idempotency_conflict",
            "this Idempotency-Key was used for a different request");
      }
      return null;
    });
  }
}
