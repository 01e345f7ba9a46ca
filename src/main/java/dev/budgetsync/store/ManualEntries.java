package dev.budgetsync.store;

import dev.budgetsync.domain.AccountRef;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerIntent;
import dev.budgetsync.domain.Refusal;
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

  /**
   * The status after the change, the changes to publish once committed, and the minor units this
   * request moved (0 when its idempotency key had moved them before).
   */
  public record Result(BudgetStatus status, List<BudgetChange> changes, long moved) {
  }

  /** A manual top-up; {@code idempotencyKey} null for none. */
  public Future<Result> addFunds(String account, long amount, String currency, String note, String idempotencyKey) {
    JsonObject fingerprint = new JsonObject()
        .put("account", account).put("amount", amount).put("currency", currency).put("note", note);
    return record(EntryKind.CREDIT, "manual", "manual:", idempotencyKey, account, amount, currency,
        new JsonObject().put("note", note), fingerprint);
  }

  /** Always records: the cost was incurred, whatever the budget says. */
  public Future<Result> spend(String account, String agent, long amount, String currency, String description,
                              String idempotencyKey) {
    JsonObject fingerprint = new JsonObject()
        .put("account", account).put("agent", agent).put("amount", amount)
        .put("currency", currency).put("description", description);
    return record(EntryKind.SPEND, "agent:" + agent, "spend:", idempotencyKey, account, amount, currency,
        new JsonObject().put("agent", agent).put("description", description), fingerprint);
  }

  private Future<Result> record(EntryKind kind, String source, String keyPrefix, String idempotencyKey,
                                String account, long amount, String currency, JsonObject metadata,
                                JsonObject fingerprint) {
    String key = idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey;
    LedgerIntent intent = new LedgerIntent(kind, AccountRef.of(account), Months.of(clock.instant()), amount,
        currency, source, keyPrefix + key, List.of(), null,
        metadata.put("idempotency_key", key).put("request", fingerprint), false);
    return Transactions.run(pool, conn -> {
      BudgetDeltas deltas = new BudgetDeltas();
      return LedgerWriter.apply(conn, intent, null, deltas)
          .compose(applied -> (applied.moved() ? Future.<Void>succeededFuture() : sameRequest(conn, intent, fingerprint))
              .map(applied.amount()))
          .compose(moved -> deltas.flush(conn, alertThresholds)
              .compose(changes -> Queries.status(conn, account, intent.month(), currency)
                  .map(status -> new Result(status, changes, moved))));
    });
  }

  /** A replayed key is fine for the same request; for another one it is the caller's mistake. */
  private static Future<Void> sameRequest(SqlConnection conn, LedgerIntent intent, JsonObject fingerprint) {
    return conn.preparedQuery(Sql.ENTRY_BY_MONEY_KEY).execute(Tuple.of(intent.moneyKey())).map(rows -> {
      Row row = rows.iterator().next();
      JsonObject stored = row.getJsonObject("metadata").getJsonObject("request");
      if (!Objects.equals(stored, fingerprint)) {
        throw new Refusal(Refusal.Reason.IDEMPOTENCY_CONFLICT,
            "this Idempotency-Key was used for a different request");
      }
      return null;
    });
  }
}
