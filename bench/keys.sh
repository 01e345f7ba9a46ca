#!/usr/bin/env bash
# What an API key costs per request (docs/performance.md, "API keys"): GET /api/budget/check with
# ADMIN_TOKEN and then with a read key, each for SECONDS over C connections of one wrk thread, and
# how often the key was looked up in PostgreSQL meanwhile (api_key updates: a lookup notes last_used).
# Usage: bench/keys.sh   (after mvn -B -q package -DskipTests; env SECONDS_EACH, C, PORT, DATABASE_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-15}
C=${C:-16}
PORT=${PORT:-18480}
DB_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
SCHEMA=bench_keys_$$
TOKEN=bench-admin-token-$$-0123456789
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp)

env ADMIN_TOKEN="$TOKEN" HTTP_PORT="$PORT" DATABASE_URL="$DB_URL" DATABASE_SCHEMA="$SCHEMA" \
    STRIPE_WEBHOOK_SECRET=whsec_bench_keys_0123456789 java -Xmx256m -jar target/budget-sync.jar >"$LOG" 2>&1 &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  PGOPTIONS=--client-min-messages=warning psql "$DB_URL" -qc "drop schema if exists $SCHEMA cascade" >/dev/null
  rm -f "$LOG"
}
trap cleanup EXIT
until curl -fs -o /dev/null "$BASE/health/ready"; do sleep 0.1; done

curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"account":"acct_bench","amount":100000}' "$BASE/api/budget/funds"
KEY=$(curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"bench","scope":"read","accounts":["acct_bench"]}' "$BASE/api/keys" \
  | sed -E 's/.*"key":"(bsk_[A-Za-z0-9_-]{43})".*/\1/')
URL="$BASE/api/budget/check?account=acct_bench&amount=100"
lookups() { psql "$DB_URL" -Atc "select n_tup_upd from pg_stat_user_tables where schemaname = '$SCHEMA' and relname = 'api_key'"; }

# Warm-up of both (the JIT), then each twice, alternating, so neither gets the warmer JVM.
wrk -t1 -c"$C" -d10s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null
wrk -t1 -c"$C" -d10s -H "Authorization: Bearer $KEY" "$URL" >/dev/null
for who in ADMIN_TOKEN key ADMIN_TOKEN key; do
  secret=$TOKEN; [[ $who == key ]] && secret=$KEY
  before=$(lookups)
  echo "== $who: wrk -t1 -c$C -d${SECONDS_EACH}s --latency GET /api/budget/check"
  wrk -t1 -c"$C" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $secret" "$URL" \
    | grep -E 'Requests/sec|  50%|  99%|Non-2xx'
  sleep 1   # pg_stat counters are flushed about once a second
  echo "   key lookups in PostgreSQL during the run: $(( $(lookups) - before ))"
done
