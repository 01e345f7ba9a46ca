-- Preloads :events paid checkout.session.completed events straight into the service's tables, as
-- the service would have written them (stripe_event, ledger_entry, payment_link or, before V6,
-- money_object, budget_month),
-- spread over the last 365 days and :accounts accounts pre-0..pre-N. Not through HTTP: 1M events
-- take about a minute this way. Run by bench/run.sh in a schema the service has just migrated:
--   psql "$DATABASE_URL" -v schema=... -v events=1000000 -v accounts=1000 -f bench/preload.sql
\set ON_ERROR_STOP on
set search_path = :"schema";
-- The rows are consistent by construction; skip the per-row FK checks (superuser only).
set session_replication_role = replica;
set synchronous_commit = off;

create temporary table pre as
select n,
       'evt_pre_' || n as id,
       'pre-' || (n % :accounts) as account,
       100 + (n::bigint * 7919) % 9901 as amount,
       t as created,
       to_char(t at time zone 'UTC', 'YYYY-MM') as month
from generate_series(1, :events) as n,
     lateral (select now() - (:events - n) * (interval '365 days' / :events) as t) as c;

create temporary table pre_event as
select n, id, created, account, amount,
       ('{"id": "' || id || '", "object": "event", "api_version": "2025-09-30.clover", "created": '
        || extract(epoch from created)::bigint || ', "data": {"object": {"id": "cs_test_pre_' || n
        || '", "object": "checkout.session", "after_expiration": null, "allow_promotion_codes": null, "amount_subtotal": '
        || amount || ', "amount_total": ' || amount
        || ', "automatic_tax": {"enabled": false, "status": null}, "billing_address_collection": null, "cancel_url": "http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}", "client_reference_id": "'
        || account || '", "consent": null, "consent_collection": null, "currency": "usd", "customer": "cus_pre_' || n
        || '", "customer_creation": null, "customer_details": {"address": {"city": null, "country": "US", "line1": null, "line2": null, "postal_code": "42424", "state": null}, "email": "chris@gorails.com", "name": "Chris Oliver", "phone": null, "tax_exempt": "none", "tax_ids": []}, "customer_email": null, "expires_at": 1795810827, "livemode": false, "locale": null, "metadata": {}, "mode": "payment", "payment_intent": "pi_pre_'
        || n || '", "payment_link": null, "payment_method_options": null, "payment_method_types": ["card", "us_bank_account"], "payment_status": "paid", "phone_number_collection": {"enabled": false}, "recovered_from": null, "setup_intent": null, "shipping": null, "shipping_address_collection": null, "shipping_options": [], "shipping_rate": null, "status": "complete", "submit_type": null, "subscription": null, "success_url": "http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}", "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0}, "url": null}}, "livemode": false, "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "checkout.session.completed"}') as body,
       ('{"status": "complete", "currency": "usd", "customer": "cus_pre_' || n || '", "event_id": "' || id
        || '", "object_id": "cs_test_pre_' || n || '", "event_type": "checkout.session.completed", "amount_total": '
        || amount || ', "customer_email": "chris@gorails.com"}') as details
from pre;


-- The schema of the jar under test: since V6 the payload is its exact bytes and a payment's ids
-- are linked in payment_link (money_object is gone); before, jsonb and money_object.
select exists (select 1 from information_schema.columns where table_schema = :'schema'
                 and table_name = 'stripe_event' and column_name = 'payload' and data_type = 'bytea') as raw_payload \gset

\if :raw_payload
insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason, account, amount,
                          currency, details, received_at, anchor)
select id, 'checkout.session.completed', created, false, '2025-09-30.clover', convert_to(body, 'UTF8'), 'credited',
       null, account, amount, 'usd', details::jsonb, created, 'pi_pre_' || n
from pre_event order by n;

insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id, event_id, created_at,
                          metadata, slot, object_id)
select p.account, p.month, 'credit', p.amount, 'usd', 'checkout', 'payment:pi_pre_' || n, null, p.id, p.created,
       e.details::jsonb, 'payment', 'pi_pre_' || n
from pre_event e join pre p using (n) order by n;

insert into payment_link (key, payment)
select 'cs_test_pre_' || n, 'pi_pre_' || n from pre
union all
select 'pi_pre_' || n, 'pi_pre_' || n from pre;
\else
insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason, account, amount,
                          currency, details, received_at)
select id, 'checkout.session.completed', created, false, '2025-09-30.clover', body::jsonb, 'credited', null, account,
       amount, 'usd', details::jsonb, created
from pre_event order by n;

insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id, event_id, created_at,
                          metadata)
select p.account, p.month, 'credit', p.amount, 'usd', 'checkout', 'pi_pre_' || n, null, p.id, p.created,
       e.details::jsonb
from pre_event e join pre p using (n) order by n;

insert into money_object (key, money_key)
select 'cs_test_pre_' || n, 'pi_pre_' || n from pre
union all
select 'pi_pre_' || n, 'pi_pre_' || n from pre;
\endif

insert into budget_month (account, month, currency, credited)
select account, month, 'usd', sum(amount) from pre group by account, month;

vacuum analyze stripe_event;
vacuum analyze ledger_entry;
vacuum analyze budget_month;
\if :raw_payload
vacuum analyze payment_link;
\else
vacuum analyze money_object;
\endif

select (select count(*) from stripe_event) as events, (select count(*) from ledger_entry) as entries,
       (select count(*) from budget_month) as budget_months,
       pg_size_pretty(pg_database_size(current_database())) as database_size;
