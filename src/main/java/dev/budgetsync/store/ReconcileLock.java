package dev.budgetsync.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;

/**
 * The PostgreSQL advisory lock that lets one reconciliation run at a time across every instance
 * (and every {@code reconcile} command) on a schema. It lives on a connection of its own, outside
 * the pool, so that waiting for it or holding it through a long run never takes a connection that
 * webhooks need; closing that connection, or the instance dying, releases it.
 */
public final class ReconcileLock {
  private final PgConnection connection;

  private ReconcileLock(PgConnection connection) {
    this.connection = connection;
  }

  /**
   * Waits up to {@code wait} for the lock; fails with a {@code PgException} that {@link #isBusy}
   * accepts when it stays taken.
   */
  public static Future<ReconcileLock> acquire(Vertx vertx, PgConnectOptions base, String schema, Duration wait) {
    return PgConnection.connect(vertx, Pools.connectOptions(base, schema)).compose(conn ->
        conn.preparedQuery(ServerSql.LOCK_TIMEOUT).execute(Tuple.of(wait.toMillis() + "ms"))
            .compose(v -> conn.query(ReconcileSql.LOCK_RECONCILE).execute())
            .map(v -> new ReconcileLock(conn))
            .onFailure(error -> conn.close()));
  }

  /** Whether {@code error} says the lock stayed taken for the whole wait (SQLSTATE 55P03, lock_not_available). */
  public static boolean isBusy(Throwable error) {
    return error instanceof PgException pg && "55P03".equals(pg.getSqlState());
  }

  /** Releases the lock by ending its session. */
  public Future<Void> release() {
    return connection.close();
  }
}
