package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.LedgerEntry;
import dev.budgetsync.domain.LookupFacts;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Budgets are a function of the stored events: this replays every stored event, in the order it was
 * received, through the live code path (mapping, {@link EventStore}, batches of the live size), and
 * every manual entry, into an empty schema, then compares what must not depend on order or batching:
 * each account-month's budget and spend, and its net money per kind of Stripe object.
 */
public final class Replay {
  private static final int PAGE = 200;
  private static final int BATCH = 32;

  private final Pool live;
  private final Pool replayed;
  private final AccountSettings settings;

  /** {@code replayed} works in a freshly migrated, empty schema. */
  public Replay(Pool live, Pool replayed, AccountSettings settings) {
    this.live = live;
    this.replayed = replayed;
    this.settings = settings;
  }

  /** One figure that differs: {@code what} names it, e.g. {@code budget acme 2026-11}. */
  public record Difference(String what, String stored, String replayed) {
  }

  public record Report(long events, long manualEntries, List<Difference> differences) {
  }

  /** Replays everything; compares the account-months that {@code scope} accepts (account, month). */
  public Future<Report> run(Function<StripeEvent, EventEffect> effectOf, Predicate<List<String>> scope) {
    return replayEvents(new EventStore(replayed, settings), effectOf, 0, 0)
        .compose(events -> replayLookups().map(events))
        .compose(events -> replayManualEntries().map(manual -> new long[] {events, manual}))
        .compose(counts -> compare(scope).map(diffs -> new Report(counts[0], counts[1], diffs)));
  }

  private Future<Long> replayEvents(EventStore store, Function<StripeEvent, EventEffect> effectOf, long afterSeq,
                                    long done) {
    return live.preparedQuery(ReadSql.EVENTS_AFTER).execute(Tuple.of(afterSeq, PAGE)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(done);
      }
      List<EventStore.Incoming> events = new ArrayList<>();
      long last = afterSeq;
      for (Row row : rows) {
        StripeEvent event = parse(row);
        if (event != null) {
          events.add(new EventStore.Incoming(event, effectOf.apply(event), row.getBuffer("payload")));
        }
        last = row.getLong("seq");
      }
      long next = last;
      List<List<EventStore.Incoming>> batches = new ArrayList<>();
      for (int i = 0; i < events.size(); i += BATCH) {
        batches.add(events.subList(i, Math.min(events.size(), i + BATCH)));
      }
      return InOrder.each(batches, store::write)
          .compose(written -> replayEvents(store, effectOf, next, done + rows.size()));
    });
  }

  private static StripeEvent parse(Row row) {
    try {
      return StripeEvent.parse(row.getBuffer("payload").toJsonObject());
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The attribution lookups' answers, booked after the events as they were answered after theirs. */
  private Future<Void> replayLookups() {
    Lookups lookups = new Lookups(replayed, settings);
    return live.query(LookupSql.LOOKUPS_SETTLED).execute().compose(rows -> {
      List<Lookups.Answer> answers = new ArrayList<>();
      for (Row row : rows) {
        String id = row.getString("id");
        long created = row.getLong("created") == null ? 0 : row.getLong("created");
        answers.add(new Lookups.Answer(id, "found".equals(row.getString("status"))
            ? PaymentFacts.fromJson(LookupFacts.PREFIX + id, created, row.getJsonObject("facts")) : null, created));
      }
      List<List<Lookups.Answer>> batches = new ArrayList<>();
      for (int i = 0; i < answers.size(); i += BATCH) {
        batches.add(answers.subList(i, Math.min(answers.size(), i + BATCH)));
      }
      return InOrder.each(batches, lookups::write);
    });
  }

  private Future<Long> replayManualEntries() {
    return live.query(ReplaySql.MANUAL_ENTRIES).execute().compose(rows -> Transactions.run(replayed, conn -> {
      BudgetDeltas deltas = new BudgetDeltas();
      List<LedgerEntry> entries = new ArrayList<>();
      for (Row row : rows) {
        entries.add(LedgerEntry.manual(EntryKind.fromWire(row.getString("kind")), row.getString("account"),
            row.getString("month"), row.getLong("amount"), row.getString("currency"), row.getString("source"),
            row.getString("money_key"), row.getJsonObject("metadata")));
      }
      entries.forEach(deltas::add);
      return Entries.insert(conn, entries).compose(v -> deltas.flush(conn, settings.alertThresholds()))
          .map((long) rows.size());
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

  /** The order-independent figures: budget and spend per account-month, net money per kind of object. */
  private static Future<Map<String, String>> figures(Pool pool, Predicate<List<String>> scope) {
    Map<String, String> figures = new TreeMap<>();
    return pool.query(ReplaySql.BUDGET_ROWS).execute().compose(budgets -> {
      for (Row row : budgets) {
        if (scope.test(List.of(row.getString("account"), row.getString("month")))) {
          figures.put("budget " + row.getString("account") + " " + row.getString("month"),
              row.getLong("budget") + " spent " + row.getLong("spent"));
        }
      }
      return pool.query(ReplaySql.NET_BY_KIND).execute();
    }).map(nets -> {
      for (Row row : nets) {
        if (scope.test(List.of(row.getString("account"), row.getString("month")))) {
          figures.put("money " + row.getString("account") + " " + row.getString("month") + " " + row.getString("what"),
              String.valueOf(row.getLong("net")));
        }
      }
      return figures;
    });
  }

  /**
   * Replaces the live ledger, payments and budgets with the replayed ones, in one transaction, with the
   * tables locked; refused when an event or entry arrived after the replay read them.
   */
  public Future<Void> adopt(String liveSchema, String replayedSchema, Report report) {
    return Transactions.run(live, conn -> conn.query(ReplaySql.lockForRebuild(liveSchema)).execute()
        .compose(v -> conn.query(ReplaySql.COUNT_INPUTS).execute())
        .compose(counts -> {
          Row row = counts.iterator().next();
          if (row.getLong("events") != report.events() || row.getLong("manual") != report.manualEntries()) {
            throw new IllegalStateException("events or entries arrived during the replay: stop the service and run it again");
          }
          return InOrder.each(ReplaySql.rebuild(liveSchema, replayedSchema), statement -> conn.query(statement).execute());
        }));
  }
}
