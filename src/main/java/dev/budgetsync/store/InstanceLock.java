package dev.budgetsync.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A PostgreSQL advisory lock per schema that says "budget-sync runs here". Every instance holds it
 * shared, on a connection of its own, for its whole life ({@link #holdShared}); {@code replay} takes
 * it exclusively ({@link #tryExclusive}) and so rebuilds only while no instance runs on the schema.
 * PostgreSQL releases it when the holding session ends, however the process ends.
 */
public final class InstanceLock {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceLock.class);
  private static final long RECONNECT_MS = 2000;

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final String schema;
  private final String sql;
  private PgConnection connection;
  private boolean released;

  private InstanceLock(Vertx vertx, PgConnectOptions options, String schema, String sql) {
    this.vertx = vertx;
    this.options = options;
    this.schema = schema;
    this.sql = sql;
  }

  /** The lock's key: derived from the schema name, so schemas of one database do not share it. */
  static long key(String schema) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("budget-sync instance " + schema).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * The running instance's share, held until {@link #release()}. Fails when a rebuild holds the lock.
   * If the connection drops (a database restart), it is taken again as soon as the database answers.
   */
  public static Future<InstanceLock> holdShared(Vertx vertx, PgConnectOptions options, String schema) {
    InstanceLock lock = new InstanceLock(vertx, options, schema, ServerSql.TRY_INSTANCE_LOCK_SHARED);
    return lock.acquire().map(granted -> {
      if (!granted) {
        lock.release();
        throw new IllegalStateException("replay is rebuilding schema " + schema + ": start again when it is done");
      }
      return lock;
    });
  }

  /** The lock alone, or null (after closing its connection) while any instance runs on {@code schema}. */
  public static Future<InstanceLock> tryExclusive(Vertx vertx, PgConnectOptions options, String schema) {
    InstanceLock lock = new InstanceLock(vertx, options, schema, ServerSql.TRY_INSTANCE_LOCK_EXCLUSIVE);
    return lock.acquire().compose(granted -> granted ? Future.succeededFuture(lock)
        : lock.release().map((InstanceLock) null));
  }

  private Future<Boolean> acquire() {
    return PgConnection.connect(vertx, options).compose(conn -> {
      connection = conn;
      conn.closeHandler(v -> lost());
      return conn.preparedQuery(sql).execute(Tuple.of(key(schema)))
          .map(rows -> rows.iterator().next().getBoolean("granted"));
    });
  }

  /** The session ended without a release: the instance runs on, so it takes its share again. */
  private void lost() {
    if (released) {
      return;
    }
    LOG.warn("the instance lock on schema {} was lost with its connection; taking it again", schema);
    vertx.setTimer(RECONNECT_MS, timer -> acquire().onComplete(result -> {
      if (result.succeeded() && !result.result()) {
        LOG.error("replay holds schema {} while this instance runs: stop it or this instance", schema);
      } else if (result.failed() && !released) {
        lost();
      }
    }));
  }

  /** Ends the session, which releases the lock. */
  public Future<Void> release() {
    released = true;
    return connection == null ? Future.succeededFuture() : connection.close();
  }
}
