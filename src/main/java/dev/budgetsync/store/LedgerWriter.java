package dev.budgetsync.store;

import dev.budgetsync.domain.AccountRef;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerIntent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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

  /** The account an intent lands on; {@code viaPayment} when the ledger knew the payment it refers to. */
  private record Resolved(String account, boolean viaPayment) {
  }

  private LedgerWriter() {
  }

  static Future<Applied> apply(SqlConnection conn, LedgerIntent intent, String eventId, BudgetDeltas deltas) {
    return resolveAccount(conn, intent).compose(resolved -> {
      if (intent.isChargeRefund()) {
        return refund(conn, intent).compose(amount -> amount == 0
            ? Future.succeededFuture(new Applied(0, resolved.account(), intent.chargeId()))
            : insert(conn, intent, amount, resolved, eventId, deltas));
      }
      return claimAndInsert(conn, intent, resolved, eventId, deltas).compose(applied -> {
        boolean stripePayment = eventId != null && intent.kind() == EntryKind.CREDIT
            && intent.account().paymentKeys().isEmpty();
        if (!stripePayment) {
          return Future.succeededFuture(applied);
        }
        // The payment's account is that of the entry owning its ids: this one, or the one that came first
        // (whose ids this event may just have added to, as a session adds its PaymentIntent to an invoice).
        Future<String> paymentAccount = applied.moved() ? Future.succeededFuture(applied.account())
            : accountOf(conn, intent.allKeys());
        return paymentAccount.compose(account -> account == null ? Future.succeededFuture()
            : moveMisplaced(conn, intent, account, eventId, deltas)).map(applied);
      });
    });
  }

  private static Future<Applied> claimAndInsert(SqlConnection conn, LedgerIntent intent, Resolved resolved,
                                                String eventId, BudgetDeltas deltas) {
    return claim(conn, intent).compose(claim -> claim.claimedAll()
        ? insert(conn, intent, intent.amount(), resolved, eventId, deltas)
        : Future.succeededFuture(new Applied(0, resolved.account(), claim.owner())));
  }

  private static Future<Applied> insert(SqlConnection conn, LedgerIntent intent, long amount, Resolved resolved,
                                        String eventId, BudgetDeltas deltas) {
    EntryKind kind = intent.kind();
    List<String> paymentKeys = intent.account().paymentKeys();
    Future<?> inserted = conn.preparedQuery(Sql.INSERT_ENTRY).execute(Tuple.from(Arrays.asList(
        resolved.account(), intent.month(), kind.wire(), amount, intent.currency(), intent.source(),
        intent.moneyKey(), intent.chargeId(), eventId, intent.metadata())));
    // Remembered only when the payment was not known, so that its arrival can move this entry.
    if (!resolved.viaPayment() && !paymentKeys.isEmpty()) {
      inserted = inserted.compose(v -> conn.preparedQuery(Sql.REMEMBER_MISPLACED)
          .execute(Tuple.of(paymentKeys.toArray(new String[0]), intent.moneyKey())));
    }
    return inserted.map(rows -> {
      deltas.add(resolved.account(), intent.month(), intent.currency(), kind, amount);
      return new Applied(amount, resolved.account(), intent.moneyKey());
    });
  }

  /**
   * A payment just credited {@code account}: refunds and disputes of it that arrived first, and so
   * fell back to another account, are moved here, each by a reversal on the old account and a new
   * entry on this one, in their own months and keyed once.
   */
  static Future<Void> moveMisplaced(SqlConnection conn, LedgerIntent payment, String account, String eventId,
                                            BudgetDeltas deltas) {
    return conn.preparedQuery(Sql.MISPLACED_FOR_PAYMENT)
        .execute(Tuple.of(payment.allKeys().toArray(new String[0]), account))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            EntryKind kind = EntryKind.fromWire(row.getString("kind"));
            EntryKind opposite = kind == EntryKind.DEBIT ? EntryKind.CREDIT
                : EntryKind.DEBIT;
            String key = row.getString("money_key");
            JsonObject note = new JsonObject().put("moved", key).put("from", row.getString("account"))
                .put("to", account);
            LedgerIntent reversal = new LedgerIntent(opposite, AccountRef.of(row.getString("account")),
                row.getString("month"), row.getLong("amount"), row.getString("currency"),
                row.getString("source") + "_moved", key + ":moved", List.of(), row.getString("charge_id"), note, false);
            LedgerIntent moved = new LedgerIntent(kind, AccountRef.of(account), row.getString("month"),
                row.getLong("amount"), row.getString("currency"), row.getString("source"), key + ":moved-to:" + account,
                List.of(), row.getString("charge_id"), note, false);
            chain = chain
                .compose(v -> claimAndInsert(conn, reversal, new Resolved(row.getString("account"), true), eventId, deltas))
                .compose(done -> done.moved()
                    ? claimAndInsert(conn, moved, new Resolved(account, true), eventId, deltas).mapEmpty()
                    : Future.succeededFuture())
                .compose(v -> conn.preparedQuery(Sql.FORGET_MISPLACED).execute(Tuple.of(key)).mapEmpty());
          }
          return chain;
        });
  }

  /**
   * How much of a refund is still to debit: the charge is owed the larger of its refunds known by
   * id and its largest cumulative amount_refunded, less what was debited already. Redelivery, a
   * second partial refund, and refund.* events beside charge.refunded therefore never debit twice.
   */
  private static Future<Long> refund(SqlConnection conn, LedgerIntent intent) {
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

  private static Future<Resolved> resolveAccount(SqlConnection conn, LedgerIntent intent) {
    List<String> paymentKeys = intent.account().paymentKeys();
    if (paymentKeys.isEmpty()) {
      return Future.succeededFuture(new Resolved(intent.account().fallback(), true));
    }
    return accountOf(conn, paymentKeys).map(account -> account == null
        ? new Resolved(intent.account().fallback(), false) : new Resolved(account, true));
  }

  /** The account that the payment named by any of {@code paymentKeys} credited, or null when none did. */
  static Future<String> accountOf(SqlConnection conn, List<String> paymentKeys) {
    return conn.preparedQuery(Sql.ACCOUNT_OF_PAYMENT).execute(Tuple.of(paymentKeys.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("account"));
  }

  /** Claims every id of the intent's money object, or finds the money key that already owns it. */
  private static Future<Claim> claim(SqlConnection conn, LedgerIntent intent) {
    // Sorted, so that concurrent transactions claiming the same ids lock them in the same order.
    String[] keys = intent.allKeys().stream().sorted().toArray(String[]::new);
    return conn.preparedQuery(Sql.CLAIM_KEYS).execute(Tuple.of(keys, intent.moneyKey())).compose(claimed -> {
      if (claimed.size() == keys.length) {
        return Future.succeededFuture(new Claim(true, intent.moneyKey()));
      }
      return yieldToOwner(conn, intent, keysOf(claimed)).map(owner -> new Claim(false, owner));
    });
  }

  /**
   * Some of the intent's ids were claimed before: the ids it did claim ({@code ours}) become
   * aliases of the money key that owns the others, which is returned.
   */
  static Future<String> yieldToOwner(SqlConnection conn, LedgerIntent intent, Set<String> ours) {
    String[] keys = intent.allKeys().toArray(new String[0]);
    return conn.preparedQuery(Sql.OWNER_OF_KEYS).execute(Tuple.of(keys, intent.moneyKey())).compose(owners -> {
      // No other owner: the ids already pointed at this very money key, whose money moved before.
      if (owners.size() == 0) {
        return Future.succeededFuture(intent.moneyKey());
      }
      String owner = owners.iterator().next().getString("money_key");
      return conn.preparedQuery(Sql.REPOINT_KEYS).execute(Tuple.of(ours.toArray(new String[0]), owner)).map(owner);
    });
  }

  private static Set<String> keysOf(RowSet<Row> rows) {
    Set<String> keys = new HashSet<>();
    rows.forEach(row -> keys.add(row.getString("key")));
    return keys;
  }
}
