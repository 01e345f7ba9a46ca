package dev.budgetsync.store;

import dev.budgetsync.support.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without DATABASE_URL: a database of its own, created where the role may; else the server's
 * postgres database, as before; and data already there stays there. Run against the tests' server.
 */
class OwnDatabaseTest {
  private static final PgConnectOptions SERVER = new PgConnectOptions().setHost(TestDatabase.options().getHost())
      .setPort(TestDatabase.options().getPort()).setUser(TestDatabase.options().getUser())
      .setPassword(TestDatabase.options().getPassword());

  @Test
  void createsItsOwnDatabaseThenFindsIt() throws SQLException {
    String name = "t_own_" + TestDatabase.newSchemaName();
    try {
      assertThat(OwnDatabase.choose(SERVER, "budget_sync_fresh", name).getDatabase()).isEqualTo(name);
      assertThat(exists(name)).isTrue();
      assertThat(OwnDatabase.choose(SERVER, "budget_sync_fresh", name).getDatabase()).isEqualTo(name);
    } finally {
      maintenance("drop database if exists " + name);
    }
  }

  @Test
  void aRoleThatMayNotCreateDatabasesStaysInPostgres() throws SQLException {
    String role = "t_role_" + TestDatabase.newSchemaName().substring(2);
    String name = "t_own_" + TestDatabase.newSchemaName();
    maintenance("create role " + role + " login nocreatedb");
    try {
      PgConnectOptions asRole = new PgConnectOptions(SERVER).setUser(role);
      assertThat(OwnDatabase.choose(asRole, "budget_sync_fresh", name).getDatabase()).isEqualTo("postgres");
      assertThat(exists(name)).isFalse();
    } finally {
      maintenance("drop role " + role);
    }
  }

  @Test
  void aSchemaAlreadyInPostgresKeepsItsData() throws SQLException {
    String schema = TestDatabase.newSchemaName();
    String name = "t_own_" + TestDatabase.newSchemaName();
    maintenance("create schema " + schema);
    maintenance("create table " + schema + ".flyway_schema_history (installed_rank int)");
    try {
      assertThat(OwnDatabase.choose(SERVER, schema, name).getDatabase()).isEqualTo("postgres");
      assertThat(exists(name)).isFalse();
    } finally {
      maintenance("drop schema " + schema + " cascade");
    }
  }

  private static boolean exists(String database) throws SQLException {
    try (Connection conn = connect(); Statement st = conn.createStatement()) {
      return st.executeQuery("select 1 from pg_database where datname = '" + database + "'").next();
    }
  }

  private static void maintenance(String statement) throws SQLException {
    try (Connection conn = connect(); Statement st = conn.createStatement()) {
      st.execute(statement);
    }
  }

  private static Connection connect() throws SQLException {
    PgConnectOptions o = new PgConnectOptions(SERVER).setDatabase("postgres");
    return DriverManager.getConnection(Migrations.jdbcUrl(o), o.getUser(), o.getPassword());
  }
}
