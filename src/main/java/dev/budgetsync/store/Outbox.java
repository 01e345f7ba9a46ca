package dev.budgetsync.store;

import dev.budgetsync.domain.Notification;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The transactional outbox: notifications are written on the connection of the transaction that
 * made the change they tell of, so they exist if and only if that change committed. The sender
 * ({@code notify.NotifyVerticle}) delivers them afterwards, outside any money transaction.
 */
public final class Outbox {
  private Outbox() {
  }

  /** Adds the notifications in the caller's transaction; nothing at all when the list is empty. */
  public static Future<Void> add(SqlConnection conn, List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple columns = Tuple.of(
        notifications.stream().map(Notification::id).toArray(String[]::new),
        notifications.stream().map(n -> n.type().wire()).toArray(String[]::new),
        notifications.stream().map(n -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(n.created()), ZoneOffset.UTC))
            .toArray(OffsetDateTime[]::new),
        notifications.stream().map(Notification::body).toArray(String[]::new));
    return conn.preparedQuery(NotifySql.ADD_NOTIFICATIONS).execute(columns).mapEmpty();
  }
}
