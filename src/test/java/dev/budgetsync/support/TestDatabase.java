package dev.budgetsync.support;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL the tests run against, found once per JVM: TEST_DATABASE_URL when set, else the
 * local server (database {@code test}) when it answers, else Testcontainers where Docker runs, else
 * an embedded PostgreSQL from real binaries. Each test class works in a schema of its own.
 */
public final class TestDatabase {
  private static PgConnectOptions options;

  private TestDatabase() {
  }

  public static synchronized PgConnectOptions options() {
    if (options == null) {
      options = locate();
    }
    return new PgConnectOptions(options);
  }

  private static PgConnectOptions locate() {
    String url = System.getenv("TEST_DATABASE_URL");
    if (url != null && !url.isBlank()) {
      return PgConnectOptions.fromUri(url);
    }
    if (answers("127.0.0.1", 5432)) {
      createIfMissing("test");
      return PgConnectOptions.fromUri("postgresql://postgres@127.0.0.1:5432/test");
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      return new PgConnectOptions().setHost(container.getHost()).setPort(container.getFirstMappedPort())
          .setDatabase(container.getDatabaseName()).setUser(container.getUsername())
          .setPassword(container.getPassword());
    }
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          embedded.close();
        } catch (IOException ignored) {
          // the JVM is exiting; the temporary cluster goes with it
        }
      }));
      return new PgConnectOptions().setHost("127.0.0.1").setPort(embedded.getPort())
          .setDatabase("postgres").setUser("postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The local server may lack the test database: make it once, from the maintenance database. */
  private static void createIfMissing(String database) {
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
         Statement st = conn.createStatement()) {
      var exists = st.executeQuery("select 1 from pg_database where datname = '" + database + "'");
      if (!exists.next()) {
        st.execute("create database " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the local PostgreSQL answers but the test database cannot be made", e);
    }
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A {@code postgresql://} URL, as DATABASE_URL takes it, for the given host and port. */
  public static String url(String host, int port) {
    PgConnectOptions o = options();
    String auth = o.getUser() + (o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword());
    return "postgresql://" + auth + "@" + host + ":" + port + "/" + o.getDatabase();
  }

  public static String url() {
    PgConnectOptions o = options();
    return url(o.getHost(), o.getPort());
  }

  public static String newSchemaName() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  public static void dropSchema(String schema) {
    PgConnectOptions o = options();
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection conn = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
         Statement st = conn.createStatement()) {
      st.execute("drop schema if exists " + schema + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }
}
