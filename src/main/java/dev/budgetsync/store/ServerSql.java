package dev.budgetsync.store;

/**
 * The database itself: reachability, locks of the instance, creating and recognising a schema. Values
 * are always bound parameters.
 */
final class ServerSql {
  private ServerSql() {
  }

  static final String PING = "select 1";

  static final String LOCK_TIMEOUT = "select set_config('lock_timeout', $1, false)";

  /** JDBC, with {@code ?} parameters: whether a database of this name exists (see OwnDatabase). */
  static final String DATABASE_EXISTS = "select 1 from pg_database where datname = ?";

  /** JDBC: whether a schema already holds the service's tables. */
  static final String SCHEMA_MIGRATED = """
      select 1 from pg_tables where schemaname = ? and tablename = 'flyway_schema_history'""";

  /** JDBC: CREATE DATABASE takes no parameters; {@code name} is a lower-case identifier, never a value. */
  static String createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a database name: " + name);
    }
    return "create database " + name;
  }

  /**
   * Every running instance holds this advisory lock, shared, on a connection of its own, for its
   * whole life; a rebuild takes it exclusively, so it runs only while no instance does.
   */
  static final String TRY_INSTANCE_LOCK_SHARED = "select pg_try_advisory_lock_shared($1) as granted";

  static final String TRY_INSTANCE_LOCK_EXCLUSIVE = "select pg_try_advisory_lock($1) as granted";
}
