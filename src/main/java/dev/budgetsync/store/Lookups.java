package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.PaymentFacts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The attribution lookups' answers ({@code stripe_lookup}): asked once per Stripe id, kept, and
 * booked like an event's facts. A failed lookup stays pending until a later attempt answers.
 */
public final class Lookups {
  private final Pool pool;
  private final AccountSettings settings;

  /**
   * What the API answered about {@code id}: {@code facts} to book, or null when it named nothing
   * more (the answer is kept, so the id is not asked again).
   */
  public record Answer(String id, PaymentFacts facts, long created) {
  }

  public Lookups(Pool pool, AccountSettings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  public Future<Boolean> settled(String id) {
    return pool.preparedQuery(LookupSql.LOOKUP_SETTLED).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  /** Noted before the API is asked, so that a lookup cut short (the process stopped) is asked again. */
  public Future<Void> asking(String id) {
    return pool.preparedQuery(LookupSql.LOOKUP_ASKING).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> failed(String id, String error) {
    String why = error == null ? "unknown" : error.substring(0, Math.min(error.length(), 500));
    return pool.preparedQuery(LookupSql.LOOKUP_FAILED).execute(Tuple.of(id, why)).mapEmpty();
  }

  /** The oldest pending lookups, at most {@code limit}. */
  public Future<List<String>> pending(int limit) {
    return pool.preparedQuery(LookupSql.LOOKUPS_PENDING).execute(Tuple.of(limit)).map(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getString("id")));
      return ids;
    });
  }

  /**
   * Settles a batch of answers in one transaction and books the facts of those settled now: each
   * result is the account the asked id's payment belongs to after the booking, null when nothing
   * was booked (no facts, or answered before).
   */
  public Future<Written<String>> write(List<Answer> batch) {
    int n = batch.size();
    String[] ids = new String[n];
    String[] statuses = new String[n];
    String[] anchors = new String[n];
    String[] facts = new String[n];
    Long[] created = new Long[n];
    for (int i = 0; i < n; i++) {
      Answer answer = batch.get(i);
      ids[i] = answer.id();
      statuses[i] = answer.facts() == null ? "none" : "found";
      anchors[i] = answer.facts() == null ? null : answer.facts().anchor();
      facts[i] = answer.facts() == null ? null : answer.facts().toJson().encode();
      created[i] = answer.created();
    }
    return Transactions.run(pool, conn -> conn.preparedQuery(LookupSql.SETTLE_LOOKUPS)
        .execute(Tuple.of(ids, statuses, anchors, facts, created)).compose(rows -> {
          Set<String> settledNow = new HashSet<>();
          for (Row row : rows) {
            settledNow.add(row.getString("id"));
          }
          List<PaymentFacts> toBook = batch.stream()
              .filter(a -> a.facts() != null && settledNow.contains(a.id())).map(Answer::facts).toList();
          return PaymentGroups.book(conn, toBook, settings.defaultAccount(), settings.budgetCurrency(), new HashMap<>())
              .compose(booking -> {
                BudgetDeltas deltas = new BudgetDeltas();
                booking.entries().forEach(deltas::add);
                List<String> results = batch.stream().map(a -> a.facts() == null ? null
                    : booking.accountOfEvent().get(a.facts().eventId())).toList();
                return deltas.flush(conn, settings.alertThresholds()).map(changes -> new Written<>(results, changes));
              });
        }));
  }
}
