package dev.budgetsync.store;

/** Reads for status, history, ledger and reports; no writes. Values are always bound parameters. */
final class ReadSql {
  private ReadSql() {
  }

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
      where b.month = $1 and b.account > $2 and ($4::text[] is null or b.account = any($4))
      order by b.account
      limit $3""".formatted(UNEXPIRED_RESERVED);

  static final String EVENTS_AFTER = """
      select seq, payload from stripe_event where seq > $1 order by seq limit $2""";

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
        and ($8::text[] is null or account = any($8))
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

  /** Told at start: rows that money in the configured currency is never added to. */
  static final String OTHER_CURRENCY_ROWS = """
      select currency, count(*) as rows from budget_month where currency <> $1 group by currency order by currency""";
}
