-- The plans of the read queries of store/Sql.java (copied verbatim) on the preloaded tables, and
-- of the queries on the write path that search (run for every payment a batch books), as
-- prepared statements: the service caches them, so after five runs PostgreSQL may use the generic
-- plan; the ledger page is the service's default size, 100 entries (+1 to see whether more follow).
-- Run by bench/run.sh:
--   psql "$DATABASE_URL" -v schema=... -v account=pre-7 -v month=2026-05 -v after=evt_pre_500000 -f bench/explain.sql
\set ON_ERROR_STOP on
set search_path = :"schema";

prepare event_seq(text) as select seq from stripe_event where id = $1;
prepare events_page(bigint, int) as
  select id, type, outcome, reason, account, amount, currency, created, received_at
  from stripe_event
  where seq < $1
  order by seq desc
  limit $2;
prepare ledger_page(text, text, bigint, int) as
  select id, kind, amount, currency, source, event_id, created_at, metadata
  from ledger_entry
  where account = $1 and month = $2 and id > $3
  order by id
  limit $4;
prepare budget(text, text) as
  select currency, credited, debited, spent, reserved, alerts
  from budget_month where account = $1 and month = $2;
-- The write path's search: since V6 the facts and entries of a payment (store/Sql.java
-- FACTS_OF_PAYMENTS, ENTRIES_OF_PAYMENTS); before, the misplaced entries of the ids credited.
select to_regclass('payment_link') is not null as payments \gset
\if :payments
prepare facts(text[]) as
  select l.payment, e.id, extract(epoch from e.created)::int8 as created, e.facts
  from payment_link l join stripe_event e on e.anchor = l.key
  where l.payment = any($1) and e.facts is not null;
prepare entries(text[]) as
  select l.payment, le.id, le.slot, le.account, le.month, le.kind, le.amount, le.source, le.money_key,
         le.object_id, le.charge_id
  from payment_link l join ledger_entry le on le.object_id = l.key
  where l.payment = any($1) and le.slot is not null;
\else
prepare misplaced(text[], text) as
  select l.account, l.month, l.kind, l.amount, l.currency, l.source, l.money_key, l.charge_id, l.metadata
  from misplaced_entry m join ledger_entry l on l.money_key = m.money_key
  where m.payment_key = any($1) and l.account <> $2
  order by l.id;
\endif

\echo '== history, first page (custom plan)'
explain (analyze, buffers) execute events_page(9223372036854775807, 21);
\echo '== history, later page: cursor lookup, then the page'
explain (analyze, buffers) execute event_seq(:'after');
select seq as after_seq from stripe_event where id = :'after' \gset
explain (analyze, buffers) execute events_page(:after_seq, 21);
\echo '== ledger page'
explain (analyze, buffers) execute ledger_page(:'account', :'month', 0, 101);
\echo '== budget status'
explain (analyze, buffers) execute budget(:'account', :'month');
\if :payments
\echo '== write path: the facts and entries of a payment'
explain (analyze, buffers) execute facts(array['pi_pre_7']);
explain (analyze, buffers) execute entries(array['pi_pre_7']);
\else
\echo '== write path: misplaced refunds of a payment just credited'
explain (analyze, buffers) execute misplaced(array['cs_test_pre_7', 'pi_pre_7'], :'account');
\endif

set plan_cache_mode = force_generic_plan;
\echo '== the same, generic plans'
explain (analyze, buffers) execute events_page(9223372036854775807, 21);
explain (analyze, buffers) execute events_page(:after_seq, 21);
explain (analyze, buffers) execute ledger_page(:'account', :'month', 0, 101);
explain (analyze, buffers) execute budget(:'account', :'month');
\if :payments
explain (analyze, buffers) execute facts(array['pi_pre_7']);
explain (analyze, buffers) execute entries(array['pi_pre_7']);
\else
explain (analyze, buffers) execute misplaced(array['cs_test_pre_7', 'pi_pre_7'], :'account');
\endif
