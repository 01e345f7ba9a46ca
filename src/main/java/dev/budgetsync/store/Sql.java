package dev.budgetsync.store;

import java.util.List;

/** Every statement the service runs, in one place. Values are always bound parameters. */
final class Sql {
  private Sql() {
  }

  /**
   * A batch of events in one statement, in the order given (sorted by id, so that concurrent
   * batches holding the same events lock them in one order); returns the ids it stored. Events
   * stored before are left out before their payload is parsed: redeliveries cost an index probe.
   */
  static final String INSERT_EVENTS = """
      insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason,
                                account, amount, currency, details)
      select id, type, created, livemode, api_version, payload::jsonb, outcome, reason, account, amount, currency,
             details::jsonb
      from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bool[], $5::text[], $6::text[], $7::text[],
                  $8::text[], $9::text[], $10::int8[], $11::text[], $12::text[])
           with ordinality as e(id, type, created, livemode, api_version, payload, outcome, reason, account,
                                amount, currency, details, n)
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
      update stripe_event set outcome = $2, reason = $3, account = $4, amount = $5, currency = $6, details = $7
      where id = $1""";

  static final String ACCOUNT_OF_PAYMENT = """
      select l.account
      from money_object m join ledger_entry l on l.money_key = m.money_key
      where m.key = any($1) and l.kind = 'credit'
      order by l.id
      limit 1""";

  static final String CLAIM_KEYS = """
      insert into money_object (key, money_key)
      select k, $2 from unnest($1::text[]) as k
      on conflict (key) do nothing
      returning key""";

  /** The ids of many money objects at once, in the order given (sorted by key): each id goes to its first claimant. */
  static final String CLAIM_KEYS_OF_MANY = """
      insert into money_object (key, money_key)
      select key, money_key from unnest($1::text[], $2::text[]) with ordinality as c(key, money_key, n)
      order by n
      on conflict (key) do nothing
      returning key""";

  static final String CLAIM_REFUND = """
      insert into money_object (key, money_key, charge_id, amount)
      values ($1, $1, $2, $3)
      on conflict (key) do nothing
      returning key""";

  /** Takes the charge's row lock first, so refunds of one charge are decided one at a time. */
  static final String RAISE_REFUND_TOTAL = """
      insert into refund_total as r (charge_id, cumulative) values ($1, $2)
      on conflict (charge_id) do update set cumulative = greatest(r.cumulative, excluded.cumulative)
      returning cumulative""";

  static final String REFUNDED_BY_ID = """
      select coalesce(sum(amount), 0) as total from money_object where charge_id = $1""";

  /** Refund debits of the charge, less those moved to another account (each move re-debits there). */
  static final String REFUND_DEBITED = """
      select coalesce(sum(case kind when 'debit' then amount else -amount end), 0) as total from ledger_entry
      where charge_id = $1 and source in ('refund', 'refund_moved')""";

  /** Entries that fell back to another account because this payment was not known yet. */
  static final String MISPLACED_FOR_PAYMENT = """
      select l.account, l.month, l.kind, l.amount, l.currency, l.source, l.money_key, l.charge_id, l.metadata
      from misplaced_entry m join ledger_entry l on l.money_key = m.money_key
      where m.payment_key = any($1) and l.account <> $2
      order by l.id""";

  /** Whether any of these payments has entries waiting to move to it: almost always none. */
  static final String MISPLACED_KEYS = """
      select distinct payment_key from misplaced_entry where payment_key = any($1)""";

  static final String REMEMBER_MISPLACED = """
      insert into misplaced_entry (payment_key, money_key) select k, $2 from unnest($1::text[]) as k
      on conflict do nothing""";

  static final String FORGET_MISPLACED = "delete from misplaced_entry where money_key = $1";

  static final String OWNER_OF_KEYS = """
      select money_key from money_object
      where key = any($1) and money_key <> $2
      limit 1""";

  static final String REPOINT_KEYS = """
      update money_object set money_key = $2
      where key = any($1)""";

  static final String INSERT_ENTRY = """
      insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id,
                                event_id, metadata)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      returning id""";

  static final String INSERT_ENTRIES = """
      insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id,
                                event_id, metadata)
      select account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata::jsonb
      from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[],
                  $9::text[], $10::text[])
           with ordinality as l(account, month, kind, amount, currency, source, money_key, charge_id, event_id,
                                metadata, n)
      order by n""";

  static final String ENTRY_BY_MONEY_KEY = """
      select account, month, kind, amount, currency, metadata from ledger_entry where money_key = $1""";

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

  static final String ENSURE_BUDGET = """
      insert into budget_month (account, month, currency) values ($1, $2, $3)
      on conflict (account, month) do nothing""";

  /** The hold is granted only if it fits, decided on the locked row: concurrent holds never overdraw. */
  static final String HOLD = """
      update budget_month set reserved = reserved + $3, updated_at = clock_timestamp()
      where account = $1 and month = $2 and credited - debited - spent - reserved >= $3
      returning reserved""";

  static final String INSERT_RESERVATION = """
      insert into reservation (id, account, month, agent, amount, currency, status, expires_at)
      values ($1, $2, $3, $4, $5, $6, 'held', $7)""";

  static final String RESERVATION_FOR_UPDATE = """
      select account, month, agent, amount, currency, status, expires_at, settled_amount
      from reservation where id = $1 for update""";

  static final String CLOSE_RESERVATION = """
      update reservation set status = $2, settled_amount = $3, closed_at = clock_timestamp()
      where id = $1""";

  static final String EXPIRE_DUE_OF_ACCOUNT = """
      update reservation set status = 'expired', closed_at = clock_timestamp()
      where account = $1 and month = $2 and status = 'held' and expires_at <= clock_timestamp()
      returning account, month, amount, currency""";

  /** Skips rows another node is expiring right now, so every node can sweep without waiting. */
  static final String EXPIRE_DUE = """
      with due as (
        select id from reservation
        where status = 'held' and expires_at <= clock_timestamp()
        order by expires_at limit $1
        for update skip locked)
      update reservation r set status = 'expired', closed_at = clock_timestamp()
      from due where r.id = due.id
      returning r.account, r.month, r.amount, r.currency""";

  static final String SET_ALERTS = """
      update budget_month set alerts = $3 where account = $1 and month = $2""";

  static final String BUDGET = """
      select currency, credited, debited, spent, reserved, alerts
      from budget_month where account = $1 and month = $2""";

  static final String EVENT_SEQ = "select seq from stripe_event where id = $1";

  static final String ACCOUNTS_PAGE = """
      select account, currency, credited, debited, spent, reserved, alerts
      from budget_month
      where month = $1 and account > $2
      order by account
      limit $3""";

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

  static final String BUDGET_ROWS = """
      select account, month, credited, debited, spent from budget_month""";

  static final String MONEY_ENTRIES = """
      select money_key, account, month, kind, amount from ledger_entry where money_key is not null""";

  /**
   * Replaces the live ledger with a replayed one, in one transaction. The schema names are
   * identifiers validated by the configuration (lower-case letters, digits, '_'), never values.
   */
  static List<String> rebuild(String live, String replayed) {
    return List.of(
        "truncate " + live + ".ledger_entry, " + live + ".money_object, " + live + ".budget_month, "
            + live + ".refund_total",
        "insert into " + live + ".ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id,"
            + " event_id, created_at, metadata) select account, month, kind, amount, currency, source, money_key,"
            + " charge_id, event_id, created_at, metadata from " + replayed + ".ledger_entry order by id",
        "insert into " + live + ".money_object select * from " + replayed + ".money_object",
        "insert into " + live + ".budget_month select * from " + replayed + ".budget_month",
        "insert into " + live + ".refund_total select * from " + replayed + ".refund_total",
        "update " + live + ".stripe_event e set outcome = r.outcome, reason = r.reason, account = r.account,"
            + " amount = r.amount, currency = r.currency from " + replayed + ".stripe_event r where r.id = e.id",
        // Holds are not replayed: the live reservations still held keep their budget.
        "insert into " + live + ".budget_month as b (account, month, currency, reserved) select account, month,"
            + " currency, sum(amount) from " + live + ".reservation where status = 'held' group by account, month,"
            + " currency on conflict (account, month) do update set reserved = excluded.reserved");
  }

  /** Taken first in a rebuild: nothing can be written while the ledger is swapped. */
  static String lockForRebuild(String live) {
    return "lock table " + live + ".stripe_event, " + live + ".ledger_entry, " + live + ".money_object, " + live
        + ".budget_month, " + live + ".refund_total, " + live + ".reservation in exclusive mode";
  }

  static final String COUNT_INPUTS = """
      select (select count(*) from stripe_event) as events,
             (select count(*) from ledger_entry where event_id is null
                and (money_key like 'manual:%' or money_key like 'spend:%' or money_key like 'reservation:%')) as manual""";

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
}
