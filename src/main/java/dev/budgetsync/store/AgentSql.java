package dev.budgetsync.store;

/**
 * The agent path's statements: reservations, spend and top-up entries, expiry and alert marks. Values
 * are always bound parameters.
 */
final class AgentSql {
  private AgentSql() {
  }

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

  static final String SET_EXHAUSTED = """
      update budget_month set exhausted = $3 where account = $1 and month = $2""";
}
