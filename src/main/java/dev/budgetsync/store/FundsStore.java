package dev.budgetsync.store;

import dev.budgetsync.billing.AccountRef;
import dev.budgetsync.billing.ApiException;
import dev.budgetsync.billing.BudgetStatus;
import dev.budgetsync.billing.LedgerIntent;
import dev.budgetsync.billing.Requests.FundsRequest;
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
 * Manual top-ups. The idempotency key becomes the entry's money key, so the same key credits once
 * however many requests carry it; reusing a key for a different request is a 409.
 */
public final class FundsStore {
  private final Pool pool;
  private final List<Integer> alertThresholds;
  private final Clock clock;

  public FundsStore(Pool pool, List<Integer> alertThresholds, Clock clock) {
    this.pool = pool;
    this.alertThresholds = alertThresholds;
    this.clock = clock;
  }

  /** The status after the top-up, and the changes to publish once committed. */
  public record Result(BudgetStatus status, List<BudgetChange> changes) {
  }

  public Future<Result> addFunds(FundsRequest request) {
    String key = request.idempotencyKey() == null ? UUID.randomUUID().toString() : request.idempotencyKey();
    JsonObject fingerprint = new JsonObject()
        .put("account", request.account()).put("amount", request.amount()).put("currency", request.currency())
        .put("note", request.note());
    LedgerIntent credit = new LedgerIntent(LedgerIntent.Kind.CREDIT, AccountRef.of(request.account()),
        Months.of(clock.instant()), request.amount(), request.currency(), "manual", "manual:" + key, List.of(), null,
        new JsonObject().put("note", request.note()).put("idempotency_key", key).put("request", fingerprint), false);
    return pool.withTransaction(conn -> {
      BudgetDeltas deltas = new BudgetDeltas();
      return LedgerWriter.apply(conn, credit, null, deltas)
          .compose(applied -> applied.moved() ? Future.succeededFuture() : sameRequest(conn, credit, fingerprint))
          .compose(v -> deltas.flush(conn, alertThresholds))
          .compose(changes -> Queries.status(conn, request.account(), credit.month(), request.currency())
              .map(status -> new Result(status, changes)));
    });
  }

  /** A replayed key is fine for the same request; for another one it is the caller's mistake. */
  private static Future<Void> sameRequest(SqlConnection conn, LedgerIntent credit, JsonObject fingerprint) {
    return conn.preparedQuery(Sql.ENTRY_BY_MONEY_KEY).execute(Tuple.of(credit.moneyKey())).map(rows -> {
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
