package dev.budgetsync.store;

import dev.budgetsync.domain.NotificationView;
import dev.budgetsync.domain.Page;
import dev.budgetsync.domain.Refusal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The admin side of the outbox: the stored notifications with their deliveries, and a manual retry. */
public final class NotificationQueries {
  private final Pool pool;

  public NotificationQueries(Pool pool) {
    this.pool = pool;
  }

  /** Newest first; {@code status} null for any, {@code startingAfter} a notification id or null. */
  public Future<Page<NotificationView>> list(String status, int limit, String startingAfter) {
    Future<Long> cursor = startingAfter == null ? Future.succeededFuture(Long.MAX_VALUE)
        : pool.preparedQuery(NotifySql.NOTIFICATION_SEQ).execute(Tuple.of(startingAfter)).map(rows -> {
          if (rows.size() == 0) {
            throw new Refusal(Refusal.Reason.UNKNOWN_CURSOR, "starting_after names no stored notification");
          }
          return rows.iterator().next().getLong("seq");
        });
    return cursor
        .compose(seq -> pool.preparedQuery(NotifySql.NOTIFICATIONS_PAGE).execute(Tuple.of(seq, limit + 1, status, null)))
        .compose(rows -> views(rows, limit).map(views -> new Page<>(views, rows.size() > limit)));
  }

  /** Queues the notification again for every destination still configured, and answers it as it now stands. */
  public Future<NotificationView> retry(String id) {
    return pool.preparedQuery(NotifySql.RETRY_NOTIFICATION).execute(Tuple.of(id))
        .compose(v -> pool.preparedQuery(NotifySql.NOTIFICATIONS_PAGE).execute(Tuple.of(Long.MAX_VALUE, 1, null, id)))
        .compose(rows -> views(rows, 1))
        .map(views -> {
          if (views.isEmpty()) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "no stored notification has this id");
          }
          return views.get(0);
        });
  }

  private Future<List<NotificationView>> views(RowSet<Row> rows, int limit) {
    List<Row> page = new ArrayList<>();
    for (Row row : rows) {
      if (page.size() < limit) {
        page.add(row);
      }
    }
    String[] ids = page.stream().map(row -> row.getString("id")).toArray(String[]::new);
    return pool.preparedQuery(NotifySql.DELIVERIES_OF).execute(Tuple.of(ids)).map(deliveries -> {
      Map<String, List<NotificationView.Delivery>> byId = new HashMap<>();
      for (Row d : deliveries) {
        byId.computeIfAbsent(d.getString("notification_id"), k -> new ArrayList<>()).add(new NotificationView.Delivery(
            d.getInteger("position"), d.getString("host"), d.getString("status"), d.getInteger("attempts"),
            d.getInteger("last_status"), d.getString("last_error"),
            "pending".equals(d.getString("status")) ? instant(d.getOffsetDateTime("next_attempt_at")) : null,
            instant(d.getOffsetDateTime("delivered_at"))));
      }
      return page.stream().map(row -> new NotificationView(row.getString("id"), row.getString("type"),
          row.getOffsetDateTime("created").toEpochSecond(), row.getString("status"),
          new JsonObject(row.getString("body")).getJsonObject("data"),
          byId.getOrDefault(row.getString("id"), List.of()))).toList();
    });
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
