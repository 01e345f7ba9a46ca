#!/usr/bin/env bash
# Overload: far more webhooks in flight than the billing side can commit, for 60 s (wrk, 2,000
# connections). The service must shed with fast 503s and keep its memory bounded. Prints status
# counts from the server's log-free view (the database), latency, and the server's RSS over time.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${OVERLOAD_SECONDS:-60}
connections=${OVERLOAD_CONNECTIONS:-2000}
port=18199
schema=bench_overload
secret=whsec_overload
[ -f target/budget-sync.jar ] || mvn -q -B package -DskipTests
command -v wrk >/dev/null || { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; }
ulimit -n 65536 || true
work=$(mktemp -d)
python3 - "$secret" "$work/events.tsv" <<'PY'
import hashlib, hmac, json, sys, time
secret, out = sys.argv[1], sys.argv[2]
now = int(time.time())
with open(out, "w") as f:
    for i in range(200_000):
        event = {"id": f"evt_overload_{i}", "object": "event", "type": "checkout.session.completed", "created": now,
                 "livemode": False, "data": {"object": {"id": f"cs_overload_{i}", "mode": "payment",
                 "payment_status": "paid", "amount_total": 100, "currency": "usd",
                 "payment_intent": f"pi_overload_{i}", "client_reference_id": f"overload-{i % 100}"}}}
        body = json.dumps(event, separators=(",", ":"))
        sig = hmac.new(secret.encode(), f"{now}.{body}".encode(), hashlib.sha256).hexdigest()
        f.write(f"t={now},v1={sig}\t{body}\n")
PY
psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop schema if exists $schema cascade"
HTTP_PORT=$port STRIPE_WEBHOOK_SECRET=$secret ADMIN_TOKEN=overload DATABASE_SCHEMA=$schema \
  java -Xmx256m -jar target/budget-sync.jar > "$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.2; done
( peak=0; while kill -0 $pid 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    echo "$(date +%s) $rss $peak" >> "$work/rss.txt"; sleep 1; done ) &
wrk -t2 -c"$connections" -d"${duration}s" --timeout 30s -s bench/overload.lua "http://127.0.0.1:$port" -- "$work/events.tsv" \
  | tee "$work/wrk.txt"
# Events accepted before wrk stopped may still be committing: count once the figures stand still.
last=""
while true; do
  now=$(psql -Atq -h 127.0.0.1 -U postgres -d postgres -c "select (select count(*) from $schema.stripe_event),
    (select count(*) from $schema.ledger_entry), (select coalesce(sum(credited), 0) from $schema.budget_month)")
  [ "$now" = "$last" ] && break
  last=$now; sleep 3
done
IFS='|' read -r stored entries credited <<< "$now"
echo "stored events: $stored, ledger entries: $entries, credited: $credited (expected $((stored * 100)))"
echo "server RSS (kB) first/last/peak: $(head -1 "$work/rss.txt" | cut -d' ' -f2) / $(tail -1 "$work/rss.txt" | cut -d' ' -f2) / $(tail -1 "$work/rss.txt" | cut -d' ' -f3)"
awk 'NR % 10 == 1 {printf "  t+%ds rss %d MB\n", NR-1, $2/1024}' "$work/rss.txt"
kill $pid; wait $pid 2>/dev/null || true
psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop schema if exists $schema cascade"
