#!/usr/bin/env bash
# Writes the pgbench scripts bench/event.sql (one event per transaction) and
# bench/event-batch20.sql (20 events per transaction): the SQL that EventStore, LedgerWriter and
# BudgetDeltas run for one paid checkout.session.completed (store/Sql.java: INSERT_EVENT,
# CLAIM_KEYS, INSERT_ENTRY, MISPLACED_FOR_PAYMENT, then ADD_TO_BUDGET once per account), with the
# same payload shape (the load generator's event, ~1.6 KB, parsed into jsonb per row). Run it
# again after changing that SQL; run.sh only reads the output.
set -euo pipefail
cd "$(dirname "$0")"

# Column values of event $1 (its number within the transaction), as SQL expressions.
R() { echo ":r$1"; }
id() { echo "'evt_pgb_' || :r$1::text"; }
session() { echo "'cs_test_pgb_' || :r$1::text"; }
intent() { echo "'pi_pgb_' || :r$1::text"; }
account() { echo "'bench-' || :k$1::text"; }
amount() { echo ":amount$1"; }
payload() {
  local R=":r$1" K=":k$1" A=":amount$1"
  echo "'{\"id\": \"evt_pgb_' || $R::text || '\", \"object\": \"event\", \"api_version\": \"2025-09-30.clover\", \"created\": 1795724427, \"data\": {\"object\": {\"id\": \"cs_test_pgb_' || $R::text || '\", \"object\": \"checkout.session\", \"after_expiration\": null, \"allow_promotion_codes\": null, \"amount_subtotal\": ' || $A::text || ', \"amount_total\": ' || $A::text || ', \"automatic_tax\": {\"enabled\": false, \"status\": null}, \"billing_address_collection\": null, \"cancel_url\": \"http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}\", \"client_reference_id\": \"bench-' || $K::text || '\", \"consent\": null, \"consent_collection\": null, \"currency\": \"usd\", \"customer\": \"cus_789e6135b0e45e\", \"customer_creation\": null, \"customer_details\": {\"address\": {\"city\": null, \"country\": \"US\", \"line1\": null, \"line2\": null, \"postal_code\": \"42424\", \"state\": null}, \"email\": \"chris@gorails.com\", \"name\": \"Chris Oliver\", \"phone\": null, \"tax_exempt\": \"none\", \"tax_ids\": []}, \"customer_email\": null, \"expires_at\": 1795810827, \"livemode\": false, \"locale\": null, \"metadata\": {}, \"mode\": \"payment\", \"payment_intent\": \"pi_pgb_' || $R::text || '\", \"payment_link\": null, \"payment_method_options\": null, \"payment_method_types\": [\"card\", \"us_bank_account\"], \"payment_status\": \"paid\", \"phone_number_collection\": {\"enabled\": false}, \"recovered_from\": null, \"setup_intent\": null, \"shipping\": null, \"shipping_address_collection\": null, \"shipping_options\": [], \"shipping_rate\": null, \"status\": \"complete\", \"submit_type\": null, \"subscription\": null, \"success_url\": \"http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}\", \"total_details\": {\"amount_discount\": 0, \"amount_shipping\": 0, \"amount_tax\": 0}, \"url\": null, \"created\": 1795724367}}, \"livemode\": false, \"pending_webhooks\": 1, \"request\": {\"id\": null, \"idempotency_key\": null}, \"type\": \"checkout.session.completed\"}'"
}
details() {
  local R=":r$1" K=":k$1" A=":amount$1"
  echo "'{\"status\": \"complete\", \"currency\": \"usd\", \"customer\": \"cus_789e6135b0e45e\", \"event_id\": \"evt_pgb_' || $R::text || '\", \"object_id\": \"cs_test_pgb_' || $R::text || '\", \"event_type\": \"checkout.session.completed\", \"amount_total\": ' || $A::text || ', \"customer_email\": \"chris@gorails.com\"}'"
}
month() { echo "to_char(now() at time zone 'UTC', 'YYYY-MM')"; }

# array <n> <function> [cast]: the function's value for events 1..n as one SQL array.
array() {
  local n=$1 f=$2 cast=${3:-} items=()
  for j in $(seq 1 "$n"); do items+=("$($f "$j")"); done
  local IFS=,
  echo "array[${items[*]}]$cast"
}
# The money object ids, two per event (session and PaymentIntent), and the key each claims for.
keys() { local n=$1 items=(); for j in $(seq 1 "$n"); do items+=("$(session "$j")" "$(intent "$j")"); done; local IFS=,; echo "array[${items[*]}]"; }
owners() { local n=$1 items=(); for j in $(seq 1 "$n"); do items+=("$(intent "$j")" "$(intent "$j")"); done; local IFS=,; echo "array[${items[*]}]"; }
const() { local n=$1 value=$2 cast=${3:-} items=(); for j in $(seq 1 "$n"); do items+=("$value"); done; local IFS=,; echo "array[${items[*]}]$cast"; }

# The five statements of one batch of $1 paid checkout sessions.
batch() {
  local n=$1
  cat <<SQL
insert into stripe_event (id, type, created, livemode, api_version, payload, outcome, reason, account, amount,
                          currency, details)
select id, type, created, livemode, api_version, payload::jsonb, outcome, reason, account, amount, currency,
       details::jsonb
from unnest($(array "$n" id), $(const "$n" "'checkout.session.completed'"), $(const "$n" "now()" "::timestamptz[]"),
            $(const "$n" false), $(const "$n" "'2025-09-30.clover'"), $(array "$n" payload), $(const "$n" "'credited'"),
            $(const "$n" null "::text[]"), $(array "$n" account), $(array "$n" amount "::int8[]"), $(const "$n" "'usd'"),
            $(array "$n" details))
     with ordinality as e(id, type, created, livemode, api_version, payload, outcome, reason, account, amount,
                          currency, details, n)
order by n
on conflict (id) do nothing
returning id;
insert into money_object (key, money_key)
select key, money_key from unnest($(keys "$n"), $(owners "$n")) with ordinality as c(key, money_key, n)
order by n
on conflict (key) do nothing
returning key;
insert into ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata)
select account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata::jsonb
from unnest($(array "$n" account), $(const "$n" "$(month)"), $(const "$n" "'credit'"), $(array "$n" amount "::int8[]"),
            $(const "$n" "'usd'"), $(const "$n" "'checkout'"), $(array "$n" intent), $(const "$n" null "::text[]"),
            $(array "$n" id), $(array "$n" details))
     with ordinality as l(account, month, kind, amount, currency, source, money_key, charge_id, event_id, metadata, n)
order by n;
select distinct payment_key from misplaced_entry where payment_key = any($(keys "$n"));
insert into budget_month as b (account, month, currency, credited, debited, spent, reserved)
select account, month, currency, credited, debited, spent, reserved
from unnest($(array "$n" account), $(const "$n" "$(month)"), $(const "$n" "'usd'"), $(array "$n" amount "::int8[]"),
            $(const "$n" 0 "::int8[]"), $(const "$n" 0 "::int8[]"), $(const "$n" 0 "::int8[]"))
     with ordinality as d(account, month, currency, credited, debited, spent, reserved, n)
order by n
on conflict (account, month) do update
  set credited = b.credited + excluded.credited,
      debited = b.debited + excluded.debited,
      spent = b.spent + excluded.spent,
      reserved = b.reserved + excluded.reserved,
      updated_at = clock_timestamp()
returning account, month, credited, debited, spent, reserved, alerts;
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
  batch "$n"
  echo "commit;"
}

script 1 > event.sql
script 20 > event-batch20.sql
