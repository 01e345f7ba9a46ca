package dev.budgetsync.store;

import dev.budgetsync.config.NotifyDestination;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sender's side of the outbox. A delivery is claimed with a lease ({@code FOR UPDATE SKIP
 * LOCKED}, then a claim token and a next attempt past the request's end), so one sender of the
 * cluster sends a given row at a time; its answer is recorded only while that claim still holds.
 */
public final class Deliveries {
  private final Pool pool;

  public Deliveries(Pool pool) {
    this.pool = pool;
  }

  /** A delivery claimed by this sender: the body to send, and which attempt this is. */
  public record Claimed(String notificationId, String destination, int attempt, String body, String claim) {
  }

  /** How an attempt ended. */
  public enum Result {
    /** A 2xx: done. */
    DELIVERED,
    /** A 410: the receiver asked never to be sent this again. */
    STOPPED,
    /** Anything else: try again later, within the retry window. */
    RETRY;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Makes the configured destinations the active ones; deliveries still pending to a destination
   * that is no longer configured fail, since nobody can send them.
   */
  public Future<Void> sync(List<NotifyDestination> destinations) {
    String[] keys = destinations.stream().map(NotifyDestination::key).toArray(String[]::new);
    Tuple upsert = Tuple.of(keys, destinations.stream().map(NotifyDestination::position).toArray(Integer[]::new),
        destinations.stream().map(NotifyDestination::host).toArray(String[]::new),
        destinations.stream().map(NotifyDestination::slack).toArray(Boolean[]::new));
    return Transactions.run(pool, conn -> conn.preparedQuery(NotifySql.DEACTIVATE_DESTINATIONS).execute(Tuple.of(keys))
        .compose(v -> conn.preparedQuery(NotifySql.UPSERT_DESTINATIONS).execute(upsert))
        .compose(v -> conn.query(NotifySql.ABANDON_REMOVED_DESTINATIONS).execute())
        .mapEmpty());
  }

  /** Up to {@code free.get(key)} due deliveries per destination key, leased to {@code claim} for {@code leaseMs}. */
  public Future<List<Claimed>> claim(Map<String, Integer> free, String claim, long leaseMs) {
    String[] keys = free.keySet().toArray(new String[0]);
    Integer[] counts = Arrays.stream(keys).map(free::get).toArray(Integer[]::new);
    return pool.preparedQuery(NotifySql.CLAIM_DELIVERIES).execute(Tuple.of(keys, counts, claim, leaseMs)).map(rows -> {
      List<Claimed> claimed = new ArrayList<>();
      for (Row row : rows) {
        claimed.add(new Claimed(row.getString("notification_id"), row.getString("destination"),
            row.getInteger("attempts"), row.getString("body"), claim));
      }
      return claimed;
    });
  }

  /**
   * Records an attempt; a retry waits {@code delayMs} unless that ends past {@code retryHours} from the
   * start of its retry window. Answers the delivery's status now, or null when the claim was lost.
   */
  public Future<String> record(Claimed delivery, Result result, long delayMs, int retryHours, Integer httpStatus,
                               String error) {
    return pool.preparedQuery(NotifySql.RECORD_ATTEMPT).execute(Tuple.from(Arrays.asList(delivery.notificationId(),
            delivery.destination(), delivery.claim(), result.wire(), delayMs, retryHours, httpStatus, error)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("status"));
  }

  /** Pending deliveries per destination key; a destination without any is absent. */
  public Future<Map<String, Long>> pending() {
    return pool.query(NotifySql.PENDING_BY_DESTINATION).execute().map(rows -> {
      Map<String, Long> pending = new HashMap<>();
      rows.forEach(row -> pending.put(row.getString("destination"), row.getLong("pending")));
      return pending;
    });
  }
}
