package dev.budgetsync.store;

import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerIntent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Credits the Stripe payments of a batch with one statement per step instead of a few per payment:
 * their ids are claimed together, their entries inserted together, and one query asks whether a
 * refund or dispute of any of them arrived first. The rare rest (an id that was claimed before, an
 * entry to move) is left to {@link LedgerWriter} one payment at a time, in the same transaction,
 * with the result that {@link LedgerWriter#apply} would give each payment in turn.
 */
final class PaymentCredits {

  /** A payment credit asked for by the event {@code eventId}; {@code keys} are the intent's ids, computed once. */
  record Credit(String eventId, LedgerIntent intent, List<String> keys) {
    Credit(String eventId, LedgerIntent intent) {
      this(eventId, intent, intent.allKeys());
    }
  }

  private record KeyClaim(String key, int credit) {
  }

  private PaymentCredits() {
  }

  /** A credit on the account its own event names: what {@link LedgerWriter#apply} treats as a Stripe payment. */
  static boolean isPayment(LedgerIntent intent) {
    return intent.kind() == EntryKind.CREDIT && intent.account().paymentKeys().isEmpty()
        && !intent.isChargeRefund();
  }

  /** What became of each credit, in the order given. */
  static Future<List<LedgerWriter.Applied>> apply(SqlConnection conn, List<Credit> credits, BudgetDeltas deltas) {
    if (credits.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    LedgerWriter.Applied[] applied = new LedgerWriter.Applied[credits.size()];
    return claim(conn, credits).compose(ours -> {
      List<Integer> moving = new ArrayList<>();
      for (int i = 0; i < credits.size(); i++) {
        if (ours.get(i).size() == credits.get(i).keys().size()) {
          moving.add(i);
        }
      }
      Future<Void> chain = insert(conn, credits, moving, applied, deltas);
      for (int i = 0; i < credits.size(); i++) {
        if (ours.get(i).size() < credits.get(i).keys().size()) {
          int at = i;
          LedgerIntent intent = credits.get(i).intent();
          chain = chain.compose(v -> LedgerWriter.yieldToOwner(conn, intent, ours.get(at)).map(owner -> {
            applied[at] = new LedgerWriter.Applied(0, intent.account().fallback(), owner);
            return null;
          }));
        }
      }
      return chain.compose(v -> moveMisplaced(conn, credits, applied, deltas)).map(v -> Arrays.asList(applied));
    });
  }

  /**
   * Claims every id of every credit in one statement, sorted by id so that concurrent batches lock
   * ids in one order. An id goes to the first credit (in batch order) that names it, as if the
   * credits had claimed one after another; each credit's set holds the ids it claimed.
   */
  private static Future<List<Set<String>>> claim(SqlConnection conn, List<Credit> credits) {
    List<KeyClaim> rows = new ArrayList<>();
    for (int i = 0; i < credits.size(); i++) {
      for (String key : credits.get(i).keys()) {
        rows.add(new KeyClaim(key, i));
      }
    }
    rows.sort(Comparator.comparing(KeyClaim::key).thenComparingInt(KeyClaim::credit));
    Map<String, Integer> firstClaimant = new HashMap<>();
    rows.forEach(row -> firstClaimant.putIfAbsent(row.key(), row.credit()));
    String[] keys = rows.stream().map(KeyClaim::key).toArray(String[]::new);
    String[] moneyKeys = rows.stream().map(row -> credits.get(row.credit()).intent().moneyKey()).toArray(String[]::new);
    return conn.preparedQuery(Sql.CLAIM_KEYS_OF_MANY).execute(Tuple.tuple().addValue(keys).addValue(moneyKeys)).map(claimed -> {
      List<Set<String>> ours = new ArrayList<>();
      credits.forEach(credit -> ours.add(new HashSet<>()));
      for (Row row : claimed) {
        String key = row.getString("key");
        ours.get(firstClaimant.get(key)).add(key);
      }
      return ours;
    });
  }

  private static Future<Void> insert(SqlConnection conn, List<Credit> credits, List<Integer> moving,
                                     LedgerWriter.Applied[] applied, BudgetDeltas deltas) {
    if (moving.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = moving.size();
    String[] accounts = new String[n];
    String[] months = new String[n];
    String[] kinds = new String[n];
    Long[] amounts = new Long[n];
    String[] currencies = new String[n];
    String[] sources = new String[n];
    String[] moneyKeys = new String[n];
    String[] chargeIds = new String[n];
    String[] eventIds = new String[n];
    String[] metadata = new String[n];
    for (int j = 0; j < n; j++) {
      Credit credit = credits.get(moving.get(j));
      LedgerIntent intent = credit.intent();
      accounts[j] = intent.account().fallback();
      months[j] = intent.month();
      kinds[j] = EntryKind.CREDIT.wire();
      amounts[j] = intent.amount();
      currencies[j] = intent.currency();
      sources[j] = intent.source();
      moneyKeys[j] = intent.moneyKey();
      chargeIds[j] = intent.chargeId();
      eventIds[j] = credit.eventId();
      metadata[j] = intent.metadata() == null ? null : intent.metadata().encode();
    }
    Tuple columns = Tuple.from(List.<Object>of(accounts, months, kinds, amounts, currencies, sources, moneyKeys,
        chargeIds, eventIds, metadata));
    return conn.preparedQuery(Sql.INSERT_ENTRIES).execute(columns).map(rows -> {
      for (int i : moving) {
        LedgerIntent intent = credits.get(i).intent();
        deltas.add(intent.account().fallback(), intent.month(), intent.currency(), EntryKind.CREDIT, intent.amount());
        applied[i] = new LedgerWriter.Applied(intent.amount(), intent.account().fallback(), intent.moneyKey());
      }
      return null;
    });
  }

  /**
   * Refunds and disputes that arrived before their payment fell back to another account; one query
   * finds whether any wait for these payments, and only those are moved, one payment at a time.
   */
  private static Future<Void> moveMisplaced(SqlConnection conn, List<Credit> credits, LedgerWriter.Applied[] applied,
                                            BudgetDeltas deltas) {
    String[] keys = credits.stream().flatMap(credit -> credit.keys().stream()).distinct()
        .toArray(String[]::new);
    return conn.preparedQuery(Sql.MISPLACED_KEYS).execute(Tuple.of(keys)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      Set<String> waiting = new HashSet<>();
      rows.forEach(row -> waiting.add(row.getString("payment_key")));
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < credits.size(); i++) {
        Credit credit = credits.get(i);
        if (credit.keys().stream().noneMatch(waiting::contains)) {
          continue;
        }
        LedgerWriter.Applied done = applied[i];
        // The payment's account is that of the entry owning its ids: this one, or the one that came first.
        chain = chain.compose(v -> done.moved() ? Future.succeededFuture(done.account())
                : LedgerWriter.accountOf(conn, credit.keys()))
            .compose(account -> account == null ? Future.succeededFuture()
                : LedgerWriter.moveMisplaced(conn, credit.intent(), account, credit.eventId(), deltas));
      }
      return chain;
    });
  }
}
