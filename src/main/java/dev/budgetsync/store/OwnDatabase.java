package dev.budgetsync.store;

import io.vertx.pgclient.PgConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Without DATABASE_URL the service keeps its tables in a database of its own, {@code budget_sync},
 * which it creates when the role may. It stays in the server's {@code postgres} database, saying so,
 * when that database already holds the schema (a service started before {@code budget_sync} was the
 * default: its data stays where it is), or when the role may not create databases.
 * Blocking (JDBC).
 */
final class OwnDatabase {
  static final String NAME = "budget_sync";
  private static final String MAINTENANCE = "postgres";
  private static final Logger LOG = LoggerFactory.getLogger(OwnDatabase.class);

  private OwnDatabase() {
  }

  /** {@code server} (no database set) connected to the database to use. */
  static PgConnectOptions choose(PgConnectOptions server, String schema) {
    return choose(server, schema, NAME);
  }

  /** As {@link #choose(PgConnectOptions, String)}, with the own database named {@code name} (for tests). */
  static PgConnectOptions choose(PgConnectOptions server, String schema, String name) {
    PgConnectOptions maintenance = new PgConnectOptions(server).setDatabase(MAINTENANCE);
    try (Connection conn = DriverManager.getConnection(Migrations.jdbcUrl(maintenance), maintenance.getUser(),
        maintenance.getPassword())) {
      return new PgConnectOptions(server).setDatabase(choose(conn, schema, name, maintenance.getUser()));
    } catch (SQLException e) {
      throw new IllegalStateException("could not reach the database " + MAINTENANCE + " to find or create "
          + name + ": " + e.getMessage(), e);
    }
  }

  private static String choose(Connection conn, String schema, String name, String user) throws SQLException {
    // Data already in the maintenance database stays where it is.
    if (exists(conn, ServerSql.SCHEMA_MIGRATED, schema)) {
      LOG.info("Staying in database {}: its schema {} already holds budget-sync's tables (from before {} became"
          + " the default); set DATABASE_URL to choose", MAINTENANCE, schema, name);
      return MAINTENANCE;
    }
    if (exists(conn, ServerSql.DATABASE_EXISTS, name)) {
      return name;
    }
    try (Statement statement = conn.createStatement()) {
      // An identifier (budget_sync, or a test's own name), never a value: CREATE DATABASE takes no parameters.
      statement.execute(ServerSql.createDatabase(name));
      LOG.info("Created database {}", name);
      return name;
    } catch (SQLException e) {
      if ("42P04".equals(e.getSQLState()) || "23505".equals(e.getSQLState())) {
        // Another instance created it at the same moment.
        return NAME;
      }
      if ("42501".equals(e.getSQLState())) {
        LOG.warn("Role {} may not create database {}: using database {} instead (set DATABASE_URL to choose)",
            user, name, MAINTENANCE);
        return MAINTENANCE;
      }
      throw e;
    }
  }

  private static boolean exists(Connection conn, String query, String value) throws SQLException {
    try (PreparedStatement statement = conn.prepareStatement(query)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}
