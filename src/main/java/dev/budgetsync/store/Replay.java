package dev.budgetsync.store;

import dev.budgetsync.domain.AccountRef;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerIntent;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Budgets are a function of the stored events: this replays every stored event (in the order it was
 * received) and every manual entry into an empty schema through the same mapping and ledger code as
 * the live path, then compares the result with what is stored.
 */
public final class Replay {
  private static final int PAGE = 200;

  private final Pool live;
  private final Pool replayed;
  private final List<Integer> alertThresholds;

  /** {@code replayed} works in a freshly migrated, empty schema. */
  public Replay(Pool live, Pool replayed, List<Integer> alertThresholds) {
    this.live = live;
    this.replayed = replayed;
    this.alertThresholds = alertThresholds;
  }

  /** One figure that differs: {@code what} names it, e.g. {@code budget acme 2026-11 credited}. */
  public record Difference(String what, String stored, String replayed) {
  }

  public record Report(long events, long manualEntries, List<Difference> differences) {
  }

  /** Replays everything; compares the account-months that {@code scope} accepts (account, month). */
  public Future<Report> run(Function<StripeEvent, EventEffect> effectOf, Predicate<List<String>> scope) {
    return replayEvents(effectOf, 0, 0)
        .compose(events -> replayManualEntries().map(manual -> new long[] {events, manual}))
        .compose(counts -> compare(scope).map(diffs -> new Report(counts[0], counts[1], diffs)));
  }

  private Future<Long> replayEvents(Function<StripeEvent, EventEffect> effectOf, long afterSeq, long done) {
    EventStore store = new EventStore(replayed, alertThresholds);
    return live.preparedQuery(Sql.EVENTS_AFTER).execute(Tuple.of(afterSeq, PAGE)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(done);
      }
      List<EventStore.Incoming> batch = new ArrayList<>();
      long last = afterSeq;
      for (Row row : rows) {
        StripeEvent event = StripeEvent.parse(row.getJsonObject("payload"));
        batch.add(new EventStore.Incoming(event, effectOf.apply(event)));
        last = row.getLong("seq");
      }
      long next = last;
      return store.write(batch).compose(written -> replayEvents(effectOf, next, done + batch.size()));
    });
  }

  private Future<Long> replayManualEntries() {
    return live.query(Sql.MANUAL_ENTRIES).execute().compose(rows -> Transactions.run(replayed, conn -> {
      BudgetDeltas deltas = new BudgetDeltas();
      return InOrder.each(rows, row -> LedgerWriter.apply(conn, new LedgerIntent(
              EntryKind.fromWire(row.getString("kind")),
              AccountRef.of(row.getString("account")), row.getString("month"), row.getLong("amount"),
              row.getString("currency"), row.getString("source"), row.getString("money_key"), List.of(), null,
              row.getJsonObject("metadata"), false), null, deltas))
          .compose(v -> deltas.flush(conn, alertThresholds)).map((long) rows.size());
    }));
  }

  private Future<List<Difference>> compare(Predicate<List<String>> scope) {
    return Future.all(figures(live, scope), figures(replayed, scope)).map(both -> {
      Map<String, String> stored = both.resultAt(0);
      Map<String, String> again = both.resultAt(1);
      List<Difference> differences = new ArrayList<>();
      TreeSet<String> keys = new TreeSet<>(stored.keySet());
      keys.addAll(again.keySet());
      for (String key : keys) {
        if (!Objects.equals(stored.get(key), again.get(key))) {
          differences.add(new Difference(key, stored.getOrDefault(key, "-"), again.getOrDefault(key, "-")));
        }
      }
      return differences;
    });
  }

  /** Every budget figure and every money entry, as comparable text. */
  private static Future<Map<String, String>> figures(Pool pool, Predicate<List<String>> scope) {
    Map<String, String> figures = new TreeMap<>();
    return pool.query(Sql.BUDGET_ROWS).execute().compose(budgets -> {
      for (Row row : budgets) {
        String account = row.getString("account");
        String month = row.getString("month");
        if (scope.test(List.of(account, month))) {
          for (String column : List.of("credited", "debited", "spent")) {
            figures.put("budget " + account + " " + month + " " + column, String.valueOf(row.getLong(column)));
          }
        }
      }
      return pool.query(Sql.MONEY_ENTRIES).execute();
    }).map(entries -> {
      for (Row row : entries) {
        if (scope.test(List.of(row.getString("account"), row.getString("month")))) {
          figures.put("entry " + row.getString("money_key"), row.getString("kind") + " " + row.getLong("amount")
              + " " + row.getString("account") + " " + row.getString("month"));
        }
      }
      return figures;
    });
  }

  /**
   * Replaces the live ledger, money keys and budgets with the replayed ones, in one transaction,
   * with the tables locked; refused when an event or entry arrived after the replay read them.
   */
  public Future<Void> adopt(String liveSchema, String replayedSchema, Report report) {
    return Transactions.run(live, conn -> conn.query(Sql.lockForRebuild(liveSchema)).execute()
        .compose(v -> conn.query(Sql.COUNT_INPUTS).execute())
        .compose(counts -> {
          Row row = counts.iterator().next();
          if (row.getLong("events") != report.events() || row.getLong("manual") != report.manualEntries()) {
            throw new IllegalStateException("events or entries arrived during the replay: stop the service and run it again");
          }
          return InOrder.each(Sql.rebuild(liveSchema, replayedSchema), statement -> conn.query(statement).execute());
        }));
  }
}
