package dev.budgetsync.store;

import java.util.List;

/** Every statement the service runs, in one place. Values are always bound parameters. */
final class Sql {
  private Sql() {
  }

  /**
   * A batch of events in one statement, in the order given (sorted by id, so that concurrent
   * batches holding the same events lock them in one order); returns the ids it stored. Events
   * stored before are left out first: redeliveries cost an index probe. The payload is the exact
   * bytes received; {@code details} and {@code facts} are the queryable forms.
   */
  static final String INSERT_EVENTS = """
      insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason,
                                account, amount, currency, details, anchor, facts, source)
      select id, type, created, livemode, api_version, payload, outcome, reason, account, amount, currency,
             details::jsonb, anchor, facts::jsonb, source
      from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bool[], $5::text[], $6::bytea[], $7::text[],
                  $8::text[], $9::text[], $10::int8[], $11::text[], $12::text[], $13::text[], $14::text[],
                  $15::text[])
           with ordinality as e(id, type, created, livemode, api_version, payload, outcome, reason, account,
                                amount, currency, details, anchor, facts, source, n)
      where not exists (select 1 from stripe_event s where s.id = e.id)
      order by n
      on conflict (id) do nothing
      returning id""";

  static final String UPDATE_EVENT_OUTCOME = """
      update stripe_event set outcome = $2, reason = $3, account = $4, amount = $5
      where id = $1""";

  static final String EVENT_FOR_REPROCESS = """
      select outcome, payload from stripe_event where id = $1 for update""";

  static final String UPDATE_EVENT = """
      update stripe_event set outcome = $2, reason = $3, account = $4, amount = $5, currency = $6, details = $7,
                              anchor = $8, facts = $9::jsonb
      where id = $1""";

  /**
   * Takes the transaction's lock on the payment of each id (its payment when linked, else the id
   * itself), in one order for every transaction (hash, then name), and returns the names locked.
   * Events of one payment are decided one transaction at a time, on any instance.
   */
  static final String LOCK_PAYMENTS = """
      select g, pg_advisory_xact_lock(hashtext(current_schema()), h) is not null as locked
      from (select distinct coalesce(l.payment, k) as g, hashtext(coalesce(l.payment, k)) as h
            from unnest($1::text[]) as k left join payment_link l on l.key = k
            order by h, g) as payments""";

  /** The payment of each id that has one, as committed now (read after the locks are held). */
  static final String PAYMENTS_OF = """
      select key, payment from payment_link where key = any($1)""";

  /** What every stored event, and every settled attribution lookup, said about these payments. */
  static final String FACTS_OF_PAYMENTS = """
      select l.payment, e.id, extract(epoch from e.created)::int8 as created, e.facts
      from payment_link l join stripe_event e on e.anchor = l.key
      where l.payment = any($1) and e.facts is not null
      union all
      select l.payment, 'lookup:' || a.id, extract(epoch from a.created)::int8, a.facts
      from payment_link l join stripe_lookup a on a.anchor = l.key
      where l.payment = any($1) and a.status = 'found'""";

  /** Whether an attribution lookup of this id has an answer (found or none); pending ones are asked again. */
  static final String LOOKUP_SETTLED = """
      select 1 from stripe_lookup where id = $1 and status <> 'pending'""";

  /** A lookup that failed: pending, asked again by the next reconciliation run. */
  static final String LOOKUP_FAILED = """
      insert into stripe_lookup (id, status, attempts, error) values ($1, 'pending', 1, $2)
      on conflict (id) do update set attempts = stripe_lookup.attempts + 1, error = excluded.error,
        updated_at = now()
      where stripe_lookup.status = 'pending'""";

  /** Every answered lookup, in the order answered, for a replay. */
  static final String LOOKUPS_SETTLED = """
      select id, status, facts, extract(epoch from created)::int8 as created from stripe_lookup
      where status <> 'pending' order by updated_at, id""";

  static final String LOOKUPS_PENDING = """
      select id from stripe_lookup where status = 'pending' order by updated_at limit $1""";

  /**
   * Answers settled: each id once (a second answer for an id settled meanwhile returns nothing and
   * books nothing).
   */
  static final String SETTLE_LOOKUPS = """
      insert into stripe_lookup as a (id, status, anchor, facts, created, attempts)
      select id, status, anchor, facts::jsonb, to_timestamp(created), 1
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[]) as l(id, status, anchor, facts, created)
      on conflict (id) do update set status = excluded.status, anchor = excluded.anchor, facts = excluded.facts,
        created = excluded.created, attempts = a.attempts + 1, error = null, updated_at = now()
      where a.status = 'pending'
      returning id""";

  /** What the ledger holds for these payments. */
  static final String ENTRIES_OF_PAYMENTS = """
      select l.payment, le.id, le.slot, le.account, le.month, le.kind, le.amount, le.source, le.money_key,
             le.object_id, le.charge_id
      from payment_link l join ledger_entry le on le.object_id = l.key
      where l.payment = any($1) and le.slot is not null""";

  static final String LINK_IDS = """
      insert into payment_link (key, payment)
      select key, payment from unnest($1::text[], $2::text[]) as k(key, payment)
      on conflict (key) do update set payment = excluded.payment
      where payment_link.payment <> excluded.payment""";

  /** Two payments found to be one: every id of the first now names the second. */
  static final String MERGE_PAYMENTS = """
      update payment_link l set payment = m.merged
      from unnest($1::text[], $2::text[]) as m(payment, merged)
      where l.payment = m.payment""";

  static final String INSERT_ENTRIES = """
      insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id, event_id,
                                metadata, slot, object_id)
      select account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata::jsonb,
             slot, object_id
      from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[],
                  $9::text[], $10::text[], $11::text[], $12::text[])
           with ordinality as l(account, month, kind, amount, currency, source, money_key, charge_id, event_id,
                                metadata, slot, object_id, n)
      order by n""";

  /** Many rows in one statement, locked in the order given (sorted): concurrent writers never deadlock. */
  static final String ADD_TO_BUDGETS = """
      insert into budget_month as b (account, month, currency, credited, debited, spent, reserved)
      select account, month, currency, credited, debited, spent, reserved
      from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::int8[], $7::int8[])
           with ordinality as d(account, month, currency, credited, debited, spent, reserved, n)
      order by n
      on conflict (account, month) do update
        set credited = b.credited + excluded.credited,
            debited = b.debited + excluded.debited,
            spent = b.spent + excluded.spent,
            reserved = b.reserved + excluded.reserved,
            updated_at = clock_timestamp()
      returning account, month, credited, debited, spent, reserved, alerts""";

  /** The rows of a batch's account-months, made where missing, in sorted order. */
  static final String ENSURE_BUDGETS = """
      insert into budget_month (account, month, currency)
      select account, month, $3 from unnest($1::text[], $2::text[]) with ordinality as p(account, month, n)
      order by n
      on conflict (account, month) do nothing""";

  /** Locked in sorted order: concurrent batches of the agent path never deadlock on them. */
  static final String BUDGETS_FOR_UPDATE = """
      select b.account, b.month, b.currency, b.credited, b.debited, b.spent, b.reserved, b.alerts
      from budget_month b join unnest($1::text[], $2::text[]) as p(account, month)
        on b.account = p.account and b.month = p.month
      order by b.account, b.month
      for update of b""";

  /** Holds past their expiry in these account-months: given back before anything is decided. */
  static final String EXPIRE_DUE_OF_MONTHS = """
      update reservation r set status = 'expired', closed_at = clock_timestamp()
      from unnest($1::text[], $2::text[]) as p(account, month)
      where r.account = p.account and r.month = p.month and r.status = 'held' and r.expires_at <= clock_timestamp()
      returning r.id, r.account, r.month, r.amount, r.currency""";

  static final String RESERVATIONS_FOR_UPDATE = """
      select id, account, month, agent, amount, currency, status, expires_at, settled_amount
      from reservation where id = any($1)
      order by id
      for update""";

  static final String INSERT_RESERVATIONS = """
      insert into reservation (id, account, month, agent, amount, currency, status, expires_at, settled_amount,
                               closed_at)
      select id, account, month, agent, amount, currency, status, expires_at, settled_amount,
             case when status = 'held' then null else clock_timestamp() end
      from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[],
                  $8::timestamptz[], $9::int8[]) as r(id, account, month, agent, amount, currency, status,
                                                      expires_at, settled_amount)""";

  static final String CLOSE_RESERVATIONS = """
      update reservation r set status = c.status, settled_amount = c.settled_amount, closed_at = clock_timestamp()
      from unnest($1::text[], $2::text[], $3::int8[]) as c(id, status, settled_amount)
      where r.id = c.id""";

  /** What the requests that wrote these idempotency keys asked for. */
  static final String REQUESTS_OF_KEYS = """
      select money_key, metadata -> 'request' as request from ledger_entry where money_key = any($1)""";

  /** Entries of the agent path, each unless its key is taken; returns the keys written. */
  static final String INSERT_MANUAL_ENTRIES = """
      insert into ledger_entry (account, month, kind, amount, currency, source, money_key, metadata)
      select account, month, kind, amount, currency, source, money_key, metadata::jsonb
      from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[])
           with ordinality as l(account, month, kind, amount, currency, source, money_key, metadata, n)
      order by n
      on conflict (money_key) where money_key is not null do nothing
      returning money_key""";

  /** Skips rows another node is expiring right now, so every node can sweep without waiting. */
  static final String EXPIRE_DUE = """
      with due as (
        select id from reservation
        where status = 'held' and expires_at <= clock_timestamp()
        order by expires_at limit $1
        for update skip locked)
      update reservation r set status = 'expired', closed_at = clock_timestamp()
      from due where r.id = due.id
      returning r.id, r.account, r.month, r.amount, r.currency""";

  static final String SET_ALERTS = """
      update budget_month set alerts = $3 where account = $1 and month = $2""";

  /** Holds past their expiry count no more, whether or not the sweeper has released them yet. */
  private static final String UNEXPIRED_RESERVED = """
      b.reserved - coalesce((select sum(r.amount) from reservation r
                             where r.account = b.account and r.month = b.month and r.status = 'held'
                               and r.expires_at <= clock_timestamp()), 0) as reserved""";

  static final String BUDGET = """
      select b.currency, b.credited, b.debited, b.spent, %s, b.alerts
      from budget_month b where b.account = $1 and b.month = $2""".formatted(UNEXPIRED_RESERVED);

  static final String EVENT_SEQ = "select seq from stripe_event where id = $1";

  static final String ACCOUNTS_PAGE = """
      select b.account, b.currency, b.credited, b.debited, b.spent, %s, b.alerts
      from budget_month b
      where b.month = $1 and b.account > $2
      order by b.account
      limit $3""".formatted(UNEXPIRED_RESERVED);

  static final String PING = "select 1";

  static final String EVENTS_AFTER = """
      select seq, payload from stripe_event where seq > $1 order by seq limit $2""";

  /**
   * Entries that are inputs, not derived from an event: manual top-ups ({@code manual:<key>}),
   * agent spend ({@code spend:<key>}) and settled reservations ({@code reservation:<id>}).
   */
  static final String MANUAL_ENTRIES = """
      select account, month, kind, amount, currency, source, money_key, metadata
      from ledger_entry
      where event_id is null
        and (money_key like 'manual:%' or money_key like 'spend:%' or money_key like 'reservation:%')
      order by id""";

  /** Rows at zero are left out: whether a row exists depends on the order in which corrections came. */
  static final String BUDGET_ROWS = """
      select account, month, credited - debited as budget, spent from budget_month
      where credited - debited <> 0 or spent <> 0""";

  /**
   * Net money per account-month and kind of object: payments, refunds by id, cumulative refunds,
   * disputes, and each manual entry by its key. Corrections sum away: what is left does not depend on
   * the order in which events came.
   */
  static final String NET_BY_KIND = """
      select account, month,
             case when slot is not null then split_part(slot, ':', 1) else money_key end as what,
             sum(case kind when 'credit' then amount when 'debit' then -amount when 'spend' then -amount else 0 end)::int8
               as net
      from ledger_entry
      where kind <> 'alert'
      group by 1, 2, 3
      having sum(case kind when 'credit' then amount when 'debit' then -amount when 'spend' then -amount else 0 end) <> 0""";

  /**
   * Replaces the live ledger with a replayed one, in one transaction. The schema names are
   * identifiers validated by the configuration (lower-case letters, digits, '_'), never values.
   */
  static List<String> rebuild(String live, String replayed) {
    return List.of(
        "truncate " + live + ".ledger_entry, " + live + ".payment_link, " + live + ".budget_month",
        "insert into " + live + ".ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id,"
            + " event_id, created_at, metadata, slot, object_id) select account, month, kind, amount, currency,"
            + " source, money_key, charge_id, event_id, created_at, metadata, slot, object_id from " + replayed
            + ".ledger_entry order by id",
        "insert into " + live + ".payment_link select * from " + replayed + ".payment_link",
        "insert into " + live + ".budget_month select * from " + replayed + ".budget_month",
        "update " + live + ".stripe_event e set outcome = r.outcome, reason = r.reason, account = r.account,"
            + " amount = r.amount, currency = r.currency, anchor = r.anchor, facts = r.facts from " + replayed
            + ".stripe_event r where r.id = e.id",
        // Holds are not replayed: the live reservations still held keep their budget.
        "insert into " + live + ".budget_month as b (account, month, currency, reserved) select account, month,"
            + " currency, sum(amount) from " + live + ".reservation where status = 'held' group by account, month,"
            + " currency on conflict (account, month) do update set reserved = excluded.reserved");
  }

  /** Taken first in a rebuild: nothing can be written while the ledger is swapped. */
  static String lockForRebuild(String live) {
    return "lock table " + live + ".stripe_event, " + live + ".ledger_entry, " + live + ".payment_link, " + live
        + ".budget_month, " + live + ".reservation in exclusive mode";
  }

  static final String COUNT_INPUTS = """
      select (select count(*) from stripe_event) as events,
             (select count(*) from ledger_entry where event_id is null
                and (money_key like 'manual:%' or money_key like 'spend:%' or money_key like 'reservation:%')) as manual""";

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

  static final String LOCK_TIMEOUT = "select set_config('lock_timeout', $1, false)";

  /**
   * One reconciliation at a time per schema, across instances. Session-level: held until released
   * or until the connection ends, so an instance that dies mid-run frees it.
   */
  static final String LOCK_RECONCILE = """
      select pg_advisory_lock(hashtextextended('budget-sync reconcile ' || current_schema(), 0))""";
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

  /**
   * A page of the event history, newest first, each filter null for none ({@code created} bounds
   * as timestamps). Planned per execution (Pools sets force_custom_plan), so the absent filters
   * fold away and each present one uses its index (V11).
   */
  static final String EVENTS_FILTERED_PAGE = """
      select id, type, outcome, reason, account, amount, currency, created, received_at
      from stripe_event
      where seq < $1
        and ($3::text is null or type = $3)
        and ($4::text is null or outcome = $4)
        and ($5::text is null or account = $5)
        and ($6::timestamptz is null or created >= $6)
        and ($7::timestamptz is null or created < $7)
      order by seq desc
      limit $2""";

  /** A page of a month's ledger, oldest first; {@code kind} and {@code source} null for every one. */
  static final String LEDGER_FILTERED_PAGE = """
      select id, kind, amount, currency, source, event_id, created_at, metadata
      from ledger_entry
      where account = $1 and month = $2 and id > $3
        and ($5::text is null or kind = $5)
        and ($6::text is null or source = $6)
      order by id
      limit $4""";

  /** The holds of an account's month that still count: held and not expired, soonest expiry first. */
  static final String OPEN_RESERVATIONS = """
      select id, account, month, agent, amount, currency, status, expires_at, settled_amount
      from reservation
      where account = $1 and month = $2 and status = 'held' and expires_at > clock_timestamp()
      order by expires_at, id
      limit $3""";

  /** The month's agent spend per agent, largest first (spend entries name their agent in metadata). */
  static final String SPEND_BY_AGENT = """
      select coalesce(metadata->>'agent', source) as agent, sum(amount)::bigint as spent, count(*) as entries
      from ledger_entry
      where account = $1 and month = $2 and kind = 'spend'
      group by 1
      order by 2 desc, 1""";

  /**
   * The month's money per UTC day, manual top-ups apart from payments (the dashboard marks them
   * apart). An event's entry counts on the day of the event's {@code created} (the time that also
   * chose its month), any other entry on the day it was written.
   */
  static final String DAILY_BY_SOURCE = """
      select to_char(coalesce(e.created, l.created_at) at time zone 'UTC', 'YYYY-MM-DD') as day,
             coalesce(sum(l.amount) filter (where l.kind = 'credit'), 0)::bigint as credited,
             coalesce(sum(l.amount) filter (where l.kind = 'credit' and l.source = 'manual'), 0)::bigint as topped_up,
             coalesce(sum(l.amount) filter (where l.kind = 'debit'), 0)::bigint as debited,
             coalesce(sum(l.amount) filter (where l.kind = 'spend'), 0)::bigint as spent
      from ledger_entry l left join stripe_event e on e.id = l.event_id
      where l.account = $1 and l.month = $2 and l.kind <> 'alert'
      group by 1
      order by 1""";

  // Notifications: the outbox (written with the change that caused it) and its sender.

  /**
   * The notifications and, in the same statement, one delivery per active destination. With no
   * destination configured nothing is written: there would be nobody to deliver to.
   */
  static final String ADD_NOTIFICATIONS = """
      with added as (
        insert into notification (id, type, created, body)
        select id, type, created, body
        from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) with ordinality as n(id, type, created, body, i)
        where exists (select 1 from notify_destination where active)
        order by i
        returning id)
      insert into notification_delivery (notification_id, destination)
      select added.id, d.key from added cross join notify_destination d where d.active""";

  static final String DEACTIVATE_DESTINATIONS = """
      update notify_destination set active = false where active and not (key = any($1))""";

  static final String UPSERT_DESTINATIONS = """
      insert into notify_destination (key, position, host, slack, active)
      select key, position, host, slack, true from unnest($1::text[], $2::int[], $3::text[], $4::bool[])
           as d(key, position, host, slack)
      on conflict (key) do update
        set position = excluded.position, host = excluded.host, slack = excluded.slack, active = true""";

  /** Deliveries to a destination no longer configured are given up: nobody here can send them. */
  static final String ABANDON_REMOVED_DESTINATIONS = """
      update notification_delivery d
      set status = 'failed', claim = null, last_error = 'the destination is no longer in NOTIFY_URLS',
          updated_at = clock_timestamp()
      from notify_destination n
      where n.key = d.destination and not n.active and d.status = 'pending'""";

  /**
   * Claims up to {@code free} due deliveries per destination ($1, $2) for claim $3, leased for $4 ms:
   * rows another sender is claiming are skipped, and a claimed row is not due again before its lease ends.
   */
  static final String CLAIM_DELIVERIES = """
      with due as (
        select d.notification_id, d.destination
        from unnest($1::text[], $2::int[]) as q(destination, free)
        cross join lateral (
          select notification_id, destination from notification_delivery
          where destination = q.destination and status = 'pending' and next_attempt_at <= clock_timestamp()
          order by next_attempt_at
          limit q.free
          for update skip locked) d)
      update notification_delivery x
      set claim = $3, attempts = x.attempts + 1,
          next_attempt_at = clock_timestamp() + make_interval(secs => $4::float8 / 1000), updated_at = clock_timestamp()
      from due, notification n
      where x.notification_id = due.notification_id and x.destination = due.destination and n.id = x.notification_id
      returning x.notification_id, x.destination, x.attempts, n.body""";

  /**
   * Records an attempt ($4: delivered, stopped or retry) unless the claim $3 was lost to another sender
   * meanwhile. A retry waits $5 ms, or fails when that is past NOTIFY_RETRY_HOURS ($6) from retry_from.
   */
  static final String RECORD_ATTEMPT = """
      update notification_delivery
      set status = case $4::text when 'delivered' then 'delivered' when 'stopped' then 'failed'
                     else case when clock_timestamp() + make_interval(secs => $5::float8 / 1000)
                                    > retry_from + make_interval(hours => $6::int)
                               then 'failed' else 'pending' end end,
          next_attempt_at = clock_timestamp() + make_interval(secs => $5::float8 / 1000),
          delivered_at = case $4::text when 'delivered' then clock_timestamp() end,
          claim = null, last_status = $7, last_error = $8, updated_at = clock_timestamp()
      where notification_id = $1 and destination = $2 and claim = $3
      returning status""";

  static final String PENDING_BY_DESTINATION = """
      select destination, count(*) as pending from notification_delivery where status = 'pending'
      group by destination""";

  static final String NOTIFICATION_SEQ = "select seq from notification where id = $1";

  /** Newest first, before seq $1, at most $2, of status $3 (null: any), or the one with id $4. */
  static final String NOTIFICATIONS_PAGE = """
      select n.seq, n.id, n.type, n.created, n.body, s.status
      from notification n
      cross join lateral (
        select case when bool_or(d.status = 'pending') then 'pending'
                    when bool_or(d.status = 'failed') then 'failed'
                    else 'delivered' end as status
        from notification_delivery d where d.notification_id = n.id) s
      where n.seq < $1 and ($3::text is null or s.status = $3) and ($4::text is null or n.id = $4)
      order by n.seq desc
      limit $2""";

  static final String DELIVERIES_OF = """
      select d.notification_id, t.position, t.host, d.status, d.attempts, d.last_status, d.last_error,
             d.next_attempt_at, d.delivered_at
      from notification_delivery d join notify_destination t on t.key = d.destination
      where d.notification_id = any($1)
      order by t.position""";

  /**
   * Sends a notification again to every destination still configured, with a fresh retry window;
   * a delivery that a sender holds right now (claimed, lease running) is left to it.
   */
  static final String RETRY_NOTIFICATION = """
      update notification_delivery d
      set status = 'pending', next_attempt_at = clock_timestamp(), retry_from = clock_timestamp(), claim = null,
          delivered_at = null, updated_at = clock_timestamp()
      from notify_destination t
      where d.notification_id = $1 and t.key = d.destination and t.active
        and (d.claim is null or d.next_attempt_at <= clock_timestamp())""";
}
