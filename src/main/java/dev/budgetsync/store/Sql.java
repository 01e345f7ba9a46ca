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

  static final String EVENTS_PAGE = """
      select id, type, outcome, reason, account, amount, currency, created, received_at
      from stripe_event
      where seq < $1
      order by seq desc
      limit $2""";

  static final String EVENTS_OF_TYPE_PAGE = """
      select id, type, outcome, reason, account, amount, currency, created, received_at
      from stripe_event
      where type = $3 and seq < $1
      order by seq desc
      limit $2""";

  static final String LEDGER_PAGE = """
      select id, kind, amount, currency, source, event_id, created_at, metadata
      from ledger_entry
      where account = $1 and month = $2 and id > $3
      order by id
      limit $4""";

  /**
   * The month's money per UTC day. An event's entry counts on the day of the event's {@code created}
   * (the time that also chose its month), any other entry on the day it was written.
   */
  static final String DAILY = """
      select to_char(coalesce(e.created, l.created_at) at time zone 'UTC', 'YYYY-MM-DD') as day,
             coalesce(sum(l.amount) filter (where l.kind = 'credit'), 0)::bigint as credited,
             coalesce(sum(l.amount) filter (where l.kind = 'debit'), 0)::bigint as debited,
             coalesce(sum(l.amount) filter (where l.kind = 'spend'), 0)::bigint as spent
      from ledger_entry l left join stripe_event e on e.id = l.event_id
      where l.account = $1 and l.month = $2 and l.kind <> 'alert'
      group by 1
      order by 1""";

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
