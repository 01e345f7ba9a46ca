#!/usr/bin/env bash
# The query plans of the event history's filters (docs/performance.md, "Event history filters"):
# 300,000 events in a scratch schema, EXPLAIN ANALYZE of Sql.EVENTS_FILTERED_PAGE per filter, with
# and without the V11 indexes. Needs psql and a local PostgreSQL (trust auth); drops what it made.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${PLANS_DATABASE:-test}
SCHEMA=plans_$$
psql_() { PGOPTIONS="-c search_path=$SCHEMA" psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q "$@"; }
trap 'psql -h 127.0.0.1 -U postgres -d "$DB" -q -c "drop schema if exists $SCHEMA cascade" >/dev/null' EXIT

psql -h 127.0.0.1 -U postgres -d "$DB" -q -c "create schema $SCHEMA"
psql_ -f src/main/resources/db/migration/V1__ledger.sql
psql_ <<'SQL'
insert into stripe_event (id, type, created, livemode, payload, outcome, account, amount, currency)
select 'evt_' || n, case when n % 3 = 0 then 'invoice.paid' else 'checkout.session.completed' end,
       timestamptz '2026-01-01' + n * interval '104 seconds', false, '{}'::jsonb,
       case when n % 333 = 0 then 'needs_review' when n % 500 = 0 then 'failed' else 'credited' end,
       'acct_' || (n % 300), 5000, 'usd'
from generate_series(1, 300000) n;
update stripe_event set account = 'acct_rare', outcome = 'failed' where seq in (10, 20, 30, 40, 50);
analyze stripe_event;
SQL

plans() {
  psql_ <<'SQL' | grep -E '^==|Scan|Sort |Rows Removed|Execution'
set plan_cache_mode = force_custom_plan;
prepare page(bigint, int, text, text, text, timestamptz, timestamptz) as
  select id, type, outcome, reason, account, amount, currency, created, received_at from stripe_event
  where seq < $1 and ($3::text is null or type = $3) and ($4::text is null or outcome = $4)
    and ($5::text is null or account = $5) and ($6::timestamptz is null or created >= $6)
    and ($7::timestamptz is null or created < $7)
  order by seq desc limit $2;
\echo == account of an account with 5 old events
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, 'acct_rare', null, null);
\echo == account, one event in 300
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, 'acct_17', null, null);
\echo == outcome=needs_review
explain (analyze, costs off) execute page(9223372036854775807, 11, null, 'needs_review', null, null, null);
\echo == account + outcome=failed, 5 matches
explain (analyze, costs off) execute page(9223372036854775807, 11, null, 'failed', 'acct_rare', null, null);
\echo == created one day, 10 months back
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, null, '2026-02-10', '2026-02-11');
\echo == created since a week ago
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, null, '2026-12-21', null);
\echo == created one week, 10 months back
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, null, '2026-02-10', '2026-02-17');
\echo == no filter
explain (analyze, costs off) execute page(9223372036854775807, 11, null, null, null, null, null);
SQL
}

echo "### without V11"
plans
psql_ -f src/main/resources/db/migration/V11__event_filters.sql
psql_ -c "analyze stripe_event"
echo "### with V11"
plans
