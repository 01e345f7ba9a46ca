package dev.budgetsync.store;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.concurrent.TimeUnit;

/** The reactive pool every store class uses. */
public final class Pools {
  private Pools() {
  }

  /** A pool whose connections work in {@code schema}; connection failures surface fast, never hang. */
  public static Pool pool(Vertx vertx, PgConnectOptions base, String schema, int size) {
    PgConnectOptions options = connectOptions(base, schema);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setConnectionTimeout(30).setConnectionTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(2000))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  /** How every connection of the service is opened: in {@code schema}, with the same planning. */
  static PgConnectOptions connectOptions(PgConnectOptions base, String schema) {
    return new PgConnectOptions(base)
        .setCachePreparedStatements(true)
        .addProperty("search_path", schema)
        // Planned with the tables as they are at each execution: a generic plan cached while a table
        // was empty (a sequential scan) would otherwise be kept as it grows. Statements are few per
        // batch, so planning costs little.
        .addProperty("plan_cache_mode", "force_custom_plan");
  }
}
