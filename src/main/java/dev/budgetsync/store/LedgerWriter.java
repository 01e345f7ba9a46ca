package dev.budgetsync.store;

import dev.budgetsync.billing.LedgerIntent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns ledger intents into ledger entries inside the caller's transaction. "Once" rests on the
 * unique keys of {@code money_object}: an intent moves money only when it claims every id of its
 * money object; when another entry already owns one of them, the new ids become aliases of that
 * entry and nothing moves.
 */
final class LedgerWriter {

  /** What became of one intent: the amount that moved, the account, and the entry that owns its money. */
  record Applied(long amount, String account, String owner) {
    boolean moved() {
      return amount > 0;
    }
  }

  private record Claim(boolean claimedAll, String owner) {
  }

  private LedgerWriter() {
  }

  static Future<Applied> apply(SqlConnection conn, LedgerIntent intent, String eventId, BudgetDeltas deltas) {
    return resolveAccount(conn, intent).compose(account -> {
      if (intent.isChargeRefund()) {
        return refund(conn, intent, account).compose(amount -> amount == 0
            ? Future.succeededFuture(new Applied(0, account, intent.chargeId()))
            : insert(conn, intent, amount, account, eventId, deltas));
      }
      return claim(conn, intent).compose(claim -> claim.claimedAll()
          ? insert(conn, intent, intent.amount(), account, eventId, deltas)
          : Future.succeededFuture(new Applied(0, account, claim.owner())));
    });
  }

  private static Future<Applied> insert(SqlConnection conn, LedgerIntent intent, long amount, String account,
                                        String eventId, BudgetDeltas deltas) {
    String kind = intent.kind().name().toLowerCase(Locale.ROOT);
    return conn.preparedQuery(Sql.INSERT_ENTRY).execute(Tuple.from(Arrays.asList(
            account, intent.month(), kind, amount, intent.currency(), intent.source(),
            intent.moneyKey(), intent.chargeId(), eventId, intent.metadata())))
        .map(rows -> {
          deltas.add(account, intent.month(), intent.currency(), kind, amount);
          return new Applied(amount, account, intent.moneyKey());
        });
  }

  /**
   * How much of a refund is still to debit: the charge is owed the larger of its refunds known by
   * id and its largest cumulative amount_refunded, less what was debited already. Redelivery, a
   * second partial refund, and refund.* events beside charge.refunded therefore never debit twice.
   */
  private static Future<Long> refund(SqlConnection conn, LedgerIntent intent, String account) {
    long cumulative = intent.cumulative() ? intent.amount() : 0;
    return conn.preparedQuery(Sql.RAISE_REFUND_TOTAL).execute(Tuple.of(intent.chargeId(), cumulative))
        .compose(total -> {
          long largestCumulative = total.iterator().next().getLong("cumulative");
          Future<Boolean> claimed = intent.cumulative()
              ? claim(conn, intent).map(Claim::claimedAll)
              : conn.preparedQuery(Sql.CLAIM_REFUND).execute(Tuple.of(intent.moneyKey(), intent.chargeId(),
                  intent.amount())).map(rows -> rows.size() == 1);
          return claimed.compose(fresh -> !fresh ? Future.succeededFuture(0L)
              : sum(conn, Sql.REFUNDED_BY_ID, intent.chargeId()).compose(byId ->
                  sum(conn, Sql.REFUND_DEBITED, intent.chargeId())
                      .map(debited -> Math.max(0, Math.max(byId, largestCumulative) - debited))));
        });
  }

  private static Future<Long> sum(SqlConnection conn, String sql, String chargeId) {
    return conn.preparedQuery(sql).execute(Tuple.of(chargeId)).map(rows -> rows.iterator().next().getLong("total"));
  }

  private static Future<String> resolveAccount(SqlConnection conn, LedgerIntent intent) {
    List<String> paymentKeys = intent.account().paymentKeys();
    if (paymentKeys.isEmpty()) {
      return Future.succeededFuture(intent.account().fallback());
    }
    return conn.preparedQuery(Sql.ACCOUNT_OF_PAYMENT).execute(Tuple.of(paymentKeys.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? intent.account().fallback() : rows.iterator().next().getString("account"));
  }

  /** Claims every id of the intent's money object, or finds the money key that already owns it. */
  private static Future<Claim> claim(SqlConnection conn, LedgerIntent intent) {
    // Sorted, so that concurrent transactions claiming the same ids lock them in the same order.
    String[] keys = intent.allKeys().stream().sorted().toArray(String[]::new);
    return conn.preparedQuery(Sql.CLAIM_KEYS).execute(Tuple.of(keys, intent.moneyKey())).compose(claimed -> {
      if (claimed.size() == keys.length) {
        return Future.succeededFuture(new Claim(true, intent.moneyKey()));
      }
      String[] ours = keysOf(claimed).toArray(new String[0]);
      return conn.preparedQuery(Sql.OWNER_OF_KEYS).execute(Tuple.of(keys, intent.moneyKey())).compose(owners -> {
        // No other owner: the ids already pointed at this very money key, whose money moved before.
        if (owners.size() == 0) {
          return Future.succeededFuture(new Claim(false, intent.moneyKey()));
        }
        String owner = owners.iterator().next().getString("money_key");
        return conn.preparedQuery(Sql.REPOINT_KEYS).execute(Tuple.of(ours, owner)).map(new Claim(false, owner));
      });
    });
  }

  private static Set<String> keysOf(RowSet<Row> rows) {
    Set<String> keys = new HashSet<>();
    rows.forEach(row -> keys.add(row.getString("key")));
    return keys;
  }
}
