package dev.budgetsync.store;

/**
 * Attribution lookups: answers of Stripe's API about a payment's account, kept as facts.
 * Values are always bound parameters.
 */
final class LookupSql {
  private LookupSql() {
  }

  /** Whether an attribution lookup of this id has an answer (found or none); pending ones are asked again. */
  static final String LOOKUP_SETTLED = """
      select 1 from stripe_lookup where id = $1 and status <> 'pending'""";

  /** A lookup about to be asked: pending until its answer is settled, whatever stops it meanwhile. */
  static final String LOOKUP_ASKING = """
      insert into stripe_lookup (id, status, attempts) values ($1, 'pending', 0) on conflict (id) do nothing""";

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
}
