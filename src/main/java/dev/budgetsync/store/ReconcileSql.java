package dev.budgetsync.store;

/** Reconciliation runs, their watermark and their lock. Values are always bound parameters. */
final class ReconcileSql {
  private ReconcileSql() {
  }

  /** Which of these event ids are stored already: reconciliation sends only the others. */
  static final String STORED_AMONG = "select id from stripe_event where id = any($1)";

  static final String RECONCILE_WATERMARK = """
      select max(until) as until from reconcile_run where status = 'ok' and not dry_run""";

  /** Runs with the reconciliation lock held: a row still 'running' belongs to an instance that stopped. */
  static final String INTERRUPT_RUNS = """
      update reconcile_run set status = 'interrupted', finished_at = clock_timestamp() where status = 'running'""";

  static final String PRUNE_RUNS = """
      delete from reconcile_run where started_at < clock_timestamp() - interval '90 days'""";

  static final String START_RUN = """
      insert into reconcile_run (trigger, instance, status, dry_run, since, until)
      values ($1, $2, 'running', $3, $4, $5)
      returning id""";

  static final String SKIPPED_RUN = """
      insert into reconcile_run (trigger, instance, status, dry_run, since, until, failure, error, finished_at)
      values ($1, $2, 'skipped', $3, $4, $4, 'lock_busy', $5, clock_timestamp())
      returning id""";

  static final String FINISH_RUN = """
      update reconcile_run
      set status = $2, listed = $3, already_stored = $4, processed = $5, errors = $6, failure = $7, error = $8,
          webhook_endpoints = $9, finished_at = clock_timestamp()
      where id = $1""";

  static final String RUN_BY_ID = """
      select id, trigger, instance, status, dry_run, since, until, listed, already_stored, processed, errors,
             failure, error, started_at, finished_at
      from reconcile_run where id = $1""";

  static final String LATEST_RUNS = """
      select id, trigger, instance, status, dry_run, since, until, listed, already_stored, processed, errors,
             failure, error, started_at, finished_at
      from reconcile_run order by id desc limit $1""";

  static final String LATEST_ENDPOINT_CHECK = """
      select webhook_endpoints from reconcile_run where webhook_endpoints is not null order by id desc limit 1""";

  /**
   * One reconciliation at a time per schema, across instances. Session-level: held until released
   * or until the connection ends, so an instance that dies mid-run frees it.
   */
  static final String LOCK_RECONCILE = """
      select pg_advisory_lock(hashtextextended('budget-sync reconcile ' || current_schema(), 0))""";
}
