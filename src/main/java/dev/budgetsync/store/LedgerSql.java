package dev.budgetsync.store;

/**
 * The webhook path's statements: events, the payments they belong to, ledger entries and budget rows.
 * Values are always bound parameters.
 */
final class LedgerSql {
  private LedgerSql() {
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

  /**
   * Many rows in one statement, locked in the order given (sorted): concurrent writers never deadlock.
   * A row kept in another currency is left as it is and not returned: money is never added across currencies.
   */
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
        where b.currency = excluded.currency
      returning account, month, credited, debited, spent, reserved, alerts, exhausted""";

  static final String BUDGET_CURRENCY_OF = """
      select currency from budget_month where account = $1 and month = $2""";

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
}
