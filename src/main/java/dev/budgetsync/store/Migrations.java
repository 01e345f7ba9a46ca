package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import io.vertx.pgclient.PgConnectOptions;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** The schema's versions: Flyway over JDBC, before any reactive pool opens. Blocking. */
public final class Migrations {
  private Migrations() {
  }

  /**
   * Brings {@code schema} to the newest version, creating it when absent; {@code settings} are the
   * money rules a migration that maps stored events uses (6.1).
   */
  public static void migrate(PgConnectOptions connectOptions, String schema, AccountSettings settings) {
    Flyway.configure()
        .dataSource(jdbcUrl(connectOptions), connectOptions.getUser(), connectOptions.getPassword())
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .javaMigrations(new PaymentFactsBackfill(settings))
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

  /** The same server for JDBC, with the same TLS mode as the reactive pool. */
  static String jdbcUrl(PgConnectOptions options) {
    String sslMode = options.getSslMode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?sslmode=" + sslMode;
  }
}
