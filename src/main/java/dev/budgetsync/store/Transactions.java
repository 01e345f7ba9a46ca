package dev.budgetsync.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code pool.withTransaction}, with one difference: a connection that is not free within
 * {@link #CONNECTION_WAIT_SECONDS} fails the work with a {@link java.util.concurrent.TimeoutException},
 * so that callers tell an exhausted or stalled database from a bug by the exception's type.
 */
public final class Transactions {
  static final long CONNECTION_WAIT_SECONDS = 3;

  private Transactions() {
  }

  /** Runs {@code work} in one transaction: committed when it succeeds, rolled back when it fails. */
  public static <T> Future<T> run(Pool pool, Function<SqlConnection, Future<T>> work) {
    Future<SqlConnection> pending = pool.getConnection();
    return pending.timeout(CONNECTION_WAIT_SECONDS, TimeUnit.SECONDS)
        // A connection that arrives after the wait goes straight back to the pool.
        .onFailure(late -> pending.onSuccess(SqlConnection::close))
        .compose(conn -> conn.begin()
            .compose(tx -> work.apply(conn).transform((result, error) -> error == null
                ? tx.commit().map(result)
                : tx.rollback().transform(rolledBack -> Future.<T>failedFuture(error))))
            .eventually(conn::close));
  }
}
