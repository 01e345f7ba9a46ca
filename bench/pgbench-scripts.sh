#!/usr/bin/env bash
# Writes the pgbench scripts bench/event.sql (one event per transaction) and
# bench/event-batch20.sql (20 events per transaction): the SQL that EventStore, LedgerWriter and
# BudgetDeltas run for one paid checkout.session.completed (store/Sql.java: INSERT_EVENT,
# CLAIM_KEYS, INSERT_ENTRY, MISPLACED_FOR_PAYMENT, then ADD_TO_BUDGET once per account), with the
# same payload shape (the load generator's event, ~1.6 KB, parsed into jsonb per row). Run it
# again after changing that SQL; run.sh only reads the output.
set -euo pipefail
cd "$(dirname "$0")"

# One event's three statements; $1 is the event's number within the transaction.
event() {
  local r=":r$1" k=":k$1" a=":amount$1"
  cat <<SQL
insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason, account, amount,
                          currency, details)
values ('evt_pgb_' || $r::text, 'checkout.session.completed', now(), false, '2025-09-30.clover',
        ('{"id": "evt_pgb_' || $r::text || '", "object": "event", "api_version": "2025-09-30.clover", "created": 1795724427, "data": {"object": {"id": "cs_test_pgb_' || $r::text || '", "object": "checkout.session", "after_expiration": null, "allow_promotion_codes": null, "amount_subtotal": ' || $a::text || ', "amount_total": ' || $a::text || ', "automatic_tax": {"enabled": false, "status": null}, "billing_address_collection": null, "cancel_url": "http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}", "client_reference_id": "bench-' || $k::text || '", "consent": null, "consent_collection": null, "currency": "usd", "customer": "cus_789e6135b0e45e", "customer_creation": null, "customer_details": {"address": {"city": null, "country": "US", "line1": null, "line2": null, "postal_code": "42424", "state": null}, "email": "chris@gorails.com", "name": "Chris Oliver", "phone": null, "tax_exempt": "none", "tax_ids": []}, "customer_email": null, "expires_at": 1795810827, "livemode": false, "locale": null, "metadata": {}, "mode": "payment", "payment_intent": "pi_pgb_' || $r::text || '", "payment_link": null, "payment_method_options": null, "payment_method_types": ["card", "us_bank_account"], "payment_status": "paid", "phone_number_collection": {"enabled": false}, "recovered_from": null, "setup_intent": null, "shipping": null, "shipping_address_collection": null, "shipping_options": [], "shipping_rate": null, "status": "complete", "submit_type": null, "subscription": null, "success_url": "http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}", "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0}, "url": null, "created": 1795724367}}, "livemode": false, "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "checkout.session.completed"}')::jsonb,
        'credited', null, 'bench-' || $k::text, $a, 'usd',
        ('{"status": "complete", "currency": "usd", "customer": "cus_789e6135b0e45e", "event_id": "evt_pgb_' || $r::text || '", "object_id": "cs_test_pgb_' || $r::text || '", "event_type": "checkout.session.completed", "amount_total": ' || $a::text || ', "customer_email": "chris@gorails.com"}')::jsonb)
on conflict (id) do nothing
returning seq;
insert into money_object (key, money_key)
select key, 'pi_pgb_' || $r::text from unnest(array['cs_test_pgb_' || $r::text, 'pi_pgb_' || $r::text]) as key
on conflict (key) do nothing
returning key;
insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata)
values ('bench-' || $k::text, to_char(now() at time zone 'UTC', 'YYYY-MM'), 'credit', $a, 'usd', 'checkout',
        'pi_pgb_' || $r::text, null, 'evt_pgb_' || $r::text,
        ('{"status": "complete", "currency": "usd", "customer": "cus_789e6135b0e45e", "event_id": "evt_pgb_' || $r::text || '", "object_id": "cs_test_pgb_' || $r::text || '", "event_type": "checkout.session.completed", "amount_total": ' || $a::text || ', "customer_email": "chris@gorails.com"}')::jsonb)
returning id;
select l.account, l.month, l.kind, l.amount, l.currency, l.source, l.money_key, l.charge_id, l.metadata
from misplaced_entry m join ledger_entry l on l.money_key = m.money_key
where m.payment_key = any(array['cs_test_pgb_' || $r::text, 'pi_pgb_' || $r::text]) and l.account <> 'bench-' || $k::text
order by l.id;
SQL
}

budget() {
  cat <<SQL
insert into budget_month as b (account, month, currency, credited, debited, spent, reserved)
values ('bench-' || :k$1::text, to_char(now() at time zone 'UTC', 'YYYY-MM'), 'usd', :amount$1, 0, 0, 0)
on conflict (account, month) do update
  set credited = b.credited + excluded.credited,
      debited = b.debited + excluded.debited,
      spent = b.spent + excluded.spent,
      reserved = b.reserved + excluded.reserved,
      updated_at = clock_timestamp()
returning credited, debited, spent, reserved, alerts;
SQL
}

# $1 events per transaction. Accounts bench-0..99: event j draws from its own slice of them, so
# the budget rows of one transaction are distinct and locked in one global order, as BudgetDeltas
# sorts them (no deadlocks between clients).
script() {
  local n=$1 width=$((100 / $1))
  echo "-- Generated by bench/pgbench-scripts.sh: $n event(s) per transaction, as budget-sync writes them."
  echo "-- Variables are substituted outside string literals only; JSON colons are followed by a space."
  for j in $(seq 1 "$n"); do
    echo "\\set r$j random(1, 9000000000000000000)"
    echo "\\set k$j random($(( (j - 1) * width )), $(( j * width - 1 )))"
    echo "\\set amount$j random(100, 10000)"
  done
  echo "begin;"
  for j in $(seq 1 "$n"); do event "$j"; done
  for j in $(seq 1 "$n"); do budget "$j"; done
  echo "commit;"
}

script 1 > event.sql
script 20 > event-batch20.sql
