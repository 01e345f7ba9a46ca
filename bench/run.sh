#!/usr/bin/env bash
# The load benchmark of budget-sync, in one command, from the repository root or anywhere:
#
#   bench/run.sh                 # full run, ~25 minutes on 2 busy cores
#   BENCH_QUICK=1 bench/run.sh   # every configuration, small, ~10 minutes
#   BENCH_JARS="before=/tmp/old.jar after=target/budget-sync.jar" BENCH_CONFIGS="a c s" bench/run.sh
#                                # two jars in one run: each configuration on one, then the other
#
# Builds the jar and the test classes, then for each configuration starts the real service jar on
# a fresh schema, waits for /health/ready (time to ready), runs the load generator
# (src/test/java/dev/budgetsync/bench), stops the service and drops the schema. Output, server
# logs, query plans and the Markdown summary go to target/bench/<timestamp>/ (one directory per
# jar, and compare.md with the jars side by side). The generator is this tree's; it speaks HTTP and
# reads the tables, so any jar of the service can be measured, an old commit's too.
#
# Settings (environment):                                        full     quick
#   BENCH_DRIVER        who sends the closed loops: wrk (C, from  wrk when installed, else java
#                       Debian's package) or java (the load
#                       generator's own Vert.x client, ~5x its CPU)
#   BENCH_SECONDS       seconds per closed-loop phase (wrk)      30       10
#   BENCH_N             unique events per closed-loop phase      60000    5000
#                       (java driver; wrk pre-signs 10,000/s)
#   BENCH_WARMUP        warm-up per service instance, events     40000    30000
#                       (java driver; the JIT needs ~30,000 to
#                       settle) or seconds (wrk)                  30       15
#   BENCH_C             concurrency of webhook phases            64
#   BENCH_K             accounts for (a)-(d) and (h)              100
#   BENCH_RATE          open-loop events/s (c)                    1000
#   BENCH_DURATION      open-loop seconds (c)                     20       5
#   BENCH_CHECK_RATE    GET /api/budget/check per second (s)      2000
#   BENCH_PRESIGN_RATE  events signed per second of a wrk phase   5000 (a phase that runs out fails:
#                       (each sent once)                          raise it on a faster machine)
#   BENCH_READS         requests per read phase (h)               2000     300
#   BENCH_READ_C        concurrency of read phases (h)            8
#   BENCH_PRELOAD       events preloaded with SQL (h)             1000000  100000
#   BENCH_PGBENCH_T     pgbench seconds per script (g)            15       5
#   BENCH_PGBENCH_C     pgbench clients (g)                       16
#   BENCH_POOL          DATABASE_POOL_SIZE                        8 (the service's default)
#   BENCH_BATCH         BILLING_BATCH_SIZE for group commit       unset: conf/config.json (32)
#   BENCH_CONFIGS       configurations to run (a, c, d share one  "a b d c e f h s"
#                       service instance; s is the agent path;
#                       g, pgbench, is stale: see performance.md)
#   BENCH_JARS          name=path of each service jar             current=target/budget-sync.jar
#   BENCH_AGENT_SECONDS seconds per agent phase (s)              15       10
#   BENCH_JAVA_OPTS     server JVM flags                          -Xms64m -Xmx256m -XX:+UseSerialGC
#   BENCH_ANALYZE       ANALYZE after each warm-up: 1, 0, auto    auto: 1 when autovacuum is off
#   BENCH_PORT          server port                               18090
#   BENCH_SKIP_BUILD=1  reuse target/ as it is (the test classes are always this tree's)
#   DATABASE_URL        postgresql://postgres@127.0.0.1:5432/postgres
set -euo pipefail
if [[ $# -gt 0 ]]; then
  # Settings come from the environment only; any argument shows this header.
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
  [[ $1 == -h || $1 == --help ]] && exit 0 || exit 2
fi
cd "$(dirname "$0")/.."

DRIVER=${BENCH_DRIVER:-$(command -v wrk >/dev/null && echo wrk || echo java)}
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
  N=${BENCH_N:-5000}; WARMUP=${BENCH_WARMUP:-$([[ $DRIVER == wrk ]] && echo 15 || echo 30000)}; DURATION=${BENCH_DURATION:-5}; SECONDS_=${BENCH_SECONDS:-10}
  READS=${BENCH_READS:-300}; PRELOAD=${BENCH_PRELOAD:-100000}; PGBENCH_T=${BENCH_PGBENCH_T:-5}
  AGENT_SECONDS=${BENCH_AGENT_SECONDS:-10}
else
  N=${BENCH_N:-60000}; WARMUP=${BENCH_WARMUP:-$([[ $DRIVER == wrk ]] && echo 30 || echo 40000)}; DURATION=${BENCH_DURATION:-20}; SECONDS_=${BENCH_SECONDS:-30}
  READS=${BENCH_READS:-2000}; PRELOAD=${BENCH_PRELOAD:-1000000}; PGBENCH_T=${BENCH_PGBENCH_T:-15}
  AGENT_SECONDS=${BENCH_AGENT_SECONDS:-15}
fi
C=${BENCH_C:-64}; K=${BENCH_K:-100}; RATE=${BENCH_RATE:-1000}; READ_C=${BENCH_READ_C:-8}
CHECK_RATE=${BENCH_CHECK_RATE:-2000}; PRESIGN=${BENCH_PRESIGN_RATE:-5000}
PGBENCH_C=${BENCH_PGBENCH_C:-16}; POOL=${BENCH_POOL:-8}; BATCH=${BENCH_BATCH:-}
CONFIGS=" ${BENCH_CONFIGS:-a b d c e f h s} "
read -r -a JARS <<< "${BENCH_JARS:-current=target/budget-sync.jar}"
JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms64m -Xmx256m -XX:+UseSerialGC}
PORT=${BENCH_PORT:-18090}
ANALYZE=${BENCH_ANALYZE:-auto}
DB_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
SECRET=whsec_bench_$(date +%s)
TOKEN=bench-token-$(date +%s)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
ROOT=target/bench/$STAMP
# The jar being measured, and where its results go (set by use_jar).
JAR= OUT= RESULTS=
SERVER_PID=
SCHEMAS=()

wants() { [[ "$CONFIGS" == *" $1 "* ]]; }
# closed <label> <accounts> [prefix]: a closed-loop phase of new events, sent by $DRIVER.
closed() {
  if [[ $DRIVER == wrk ]]; then
    echo "$1:wrk:n=$(( SECONDS_ * PRESIGN )),c=$C,k=$2,seconds=$SECONDS_${3:+,prefix=$3}"
  else
    echo "$1:closed:n=$N,c=$C,k=$2${3:+,prefix=$3}"
  fi
}
# warm_up <instance>: the instance's first phase, $WARMUP events on accounts of their own.
warm_up() {
  if [[ $DRIVER == wrk ]]; then
    echo "w-$1:wrk:n=$(( WARMUP * PRESIGN )),c=$C,k=$K,seconds=$WARMUP,prefix=warm-"
  else
    echo "w-$1:closed:n=$WARMUP,c=$C,k=$K,prefix=warm-"
  fi
}
result() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$RESULTS"; }
psql_q() { PGOPTIONS="-c client_min_messages=warning" psql "$DB_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# use_jar name=path: the jar of the next configurations, and its results directory.
use_jar() {
  JAR=${1#*=}
  OUT=$ROOT/${1%%=*}
  RESULTS=$OUT/results.tsv
}

# summary: each jar's Markdown summary and, with several jars, the comparison (compare.md).
summary() {
  [[ -n "${CP:-}" ]] || return 0
  local files=()
  for jar in "${JARS[@]}"; do
    use_jar "$jar"
    [[ -s "$RESULTS" ]] || continue
    files+=("${jar%%=*}=$RESULTS")
    echo "## ${jar%%=*}: $JAR"
    java -cp "$CP" dev.budgetsync.bench.Summary "$RESULTS" | tee "$OUT/summary.md"
    echo
  done
  if (( ${#files[@]} > 1 )); then
    java -cp "$CP" dev.budgetsync.bench.Summary --compare "${files[@]}" | tee "$ROOT/compare.md"
  fi
  echo
  echo "results: $ROOT/<jar> (summary.md, results.tsv, generator.log, *.server.log, explain.txt, pgbench-*.txt)"
}

cleanup() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    echo "run.sh stopped early (exit $status); the summary of what ran:" >&2
    summary || true
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  for schema in "${SCHEMAS[@]}"; do
    psql_q -c "drop schema if exists $schema cascade" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

# start_service <instance> <schema> [BILLING_BATCH_SIZE]: starts the jar, waits until ready.
start_service() {
  local instance=$1 schema=$2 batch=${3:-}
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is in use; set BENCH_PORT" >&2; exit 1
  fi
  [[ " ${SCHEMAS[*]} " == *" $schema "* ]] || SCHEMAS+=("$schema")
  local log=$OUT/$instance.server.log start
  start=$(now_ms)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  env STRIPE_WEBHOOK_SECRET="$SECRET" ADMIN_TOKEN="$TOKEN" HTTP_PORT="$PORT" DATABASE_URL="$DB_URL" \
      DATABASE_SCHEMA="$schema" DATABASE_POOL_SIZE="$POOL" ${batch:+BILLING_BATCH_SIZE=$batch} \
      java $JAVA_OPTS -jar "$JAR" >>"$log" 2>&1 &
  SERVER_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "service $instance exited during start-up; its log:" >&2; tail -20 "$log" >&2; exit 1
    fi
    if (( $(now_ms) - start > 60000 )); then
      echo "service $instance not ready after 60 s; see $log" >&2; exit 1
    fi
    sleep 0.02
  done
  READY_MS=$(( $(now_ms) - start ))
  # CPU time the JVM spent getting ready: unlike the wall time, it hardly depends on other load.
  READY_CPU_MS=$(awk '{ print ($14 + $15) * 10 }' "/proc/$SERVER_PID/stat")
  echo "[$instance] ready in $READY_MS ms, $READY_CPU_MS ms of CPU (schema $schema, pid $SERVER_PID)"
}

stop_service() {
  kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

drop_schema() { psql_q -c "drop schema if exists $1 cascade"; }

# generate <instance> <schema> <phase>...: runs the load generator's phases against the running
# service, then its database check.
generate() {
  local instance=$1 schema=$2; shift 2
  local args=()
  for phase in "$@"; do args+=(--phase "$phase"); done
  # ZGC: a collection pause in the generator would be charged to the open loop's latencies.
  java -Xms1g -Xmx3g -XX:+UseZGC -cp "$CP" dev.budgetsync.bench.LoadGenerator \
    --url "http://127.0.0.1:$PORT" --secret "$SECRET" --token "$TOKEN" --pid "$SERVER_PID" \
    --database-url "$DB_URL" --schema "$schema" --instance "$instance" --results "$RESULTS" \
    --preload-events "$PRELOAD" --preload-accounts 1000 --check "${args[@]}" \
    | tee -a "$OUT/generator.log" \
    || { echo "[$instance] load generator or database check FAILED" >&2; FAILED=1; }
}

# One service instance: warm-up, ANALYZE (see BENCH_ANALYZE), the given phases, database check,
# stop, drop.
run_instance() {
  local instance=$1 batch=$2; shift 2
  local schema=bench_${instance}_$$ analyze=()
  [[ $ANALYZE == 1 ]] && analyze=("analyze-$instance:analyze")
  start_service "$instance" "$schema" "$batch"
  result "$instance" ready_ms "$READY_MS"
  result "$instance" ready_cpu_ms "$READY_CPU_MS"
  generate "$instance" "$schema" "$(warm_up "$instance")" "${analyze[@]}" "$@"
  stop_service
  drop_schema "$schema"
}

mkdir -p "$ROOT"
FAILED=0
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (mvn -q package -DskipTests) ..."
  mvn -B -q package -DskipTests
fi
CP=target/test-classes:target/budget-sync.jar

# A fresh schema has no planner statistics until autovacuum analyzes it; where autovacuum is off
# (CI machines), plans cached before any statistics exist may read whole tables for good. ANALYZE
# after the warm-up stands in for autovacuum; BENCH_ANALYZE=0 measures without it.
if [[ $ANALYZE == auto ]]; then
  ANALYZE=0
  [[ $(psql_q -Atc "show autovacuum") == off ]] && ANALYZE=1
fi

PARAMS="driver=$DRIVER N=$N seconds=$SECONDS_ warm-up=$WARMUP C=$C K=$K rate=$RATE/s x ${DURATION}s reads=$READS x c$READ_C preload=$PRELOAD"
PARAMS+=" pgbench -c $PGBENCH_C -T $PGBENCH_T pool=$POOL batch=${BATCH:-config default} JVM: $JAVA_OPTS"
PARAMS+=" analyze-after-warm-up=$ANALYZE agent phases ${AGENT_SECONDS}s, check at $CHECK_RATE/s"
# The run's parameters and the machine, in each jar's directory.
describe_run() {
  result run date "$(date -u '+%Y-%m-%d %H:%M UTC')"
  result run params "$PARAMS"
  result run jar "$JAR"
  {
    echo "jar: $JAR"
    echo "nproc: $(nproc)"
    free -g | head -2
    java -version 2>&1 | head -1
    psql_q -Atc "select version()"
    psql_q -Atc "select name || '=' || current_setting(name) from pg_settings where name in ('synchronous_commit',
      'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'wal_level', 'autovacuum')"
    echo "loadavg before the run: $(cat /proc/loadavg)"
    echo "ANALYZE after warm-up: $ANALYZE"
  } | tee "$OUT/machine.txt"
}

# One function per group of configurations that share a service instance.
run_webhooks() {
  local phases=("$(closed a "$K")")
  # The open loop is always sent by the Java generator: warm its client first, unmeasured.
  wants c && phases+=("w-c:open:rate=$RATE,seconds=5,k=$K,prefix=warm-" "c:open:rate=$RATE,seconds=$DURATION,k=$K")
  if wants d; then
    [[ $DRIVER == wrk ]] && phases+=("d:wrk:of=a,c=$C,seconds=$SECONDS_") || phases+=("d:dup:of=a,c=$C")
  fi
  run_instance gc "$BATCH" "${phases[@]}"
}
run_b() { run_instance b1 1 "$(closed b "$K")"; }
run_e() { run_instance hot "$BATCH" "$(closed e 1 hot-)"; }
run_f() {
  run_instance k1000 "$BATCH" "$(closed f1000 1000)"
  run_instance k100000 "$BATCH" "$(closed f100000 100000)"
}

# The agent path (s), on an instance of its own, warmed on the agent routes: spends (wrk) on one
# hot account and on K accounts, reserve-then-settle cycles on one account (Java client), and the
# budget check at a fixed rate (Java client, open loop).
run_agents() {
  local schema=bench_agents_$$ seconds=$AGENT_SECONDS warm=$(( AGENT_SECONDS / 2 + 1 ))
  start_service agents "$schema" "$BATCH"
  result agents ready_ms "$READY_MS"
  result agents ready_cpu_ms "$READY_CPU_MS"
  generate agents "$schema" \
    "w-s:spend:c=$C,k=$K,prefix=agent-warm-,seconds=$warm" "w-r:reserve:c=$C,account=agent-warm-r,seconds=$warm" \
    "w-k:check:rate=$CHECK_RATE,account=agent-warm-r,seconds=5" \
    "s-hot:spend:c=$C,k=1,prefix=agent-hot-,seconds=$seconds" "s-spread:spend:c=$C,k=$K,prefix=agent-,seconds=$seconds" \
    "r-hot:reserve:c=$C,account=agent-res,seconds=$seconds" \
    "k-check:check:rate=$CHECK_RATE,account=agent-res,seconds=$seconds"
  stop_service
  drop_schema "$schema"
}

# pgbench on the SQL of the write path before V6 (bench/event.sql): stale, see performance.md.
run_g() {
  # The schema comes from the service's own migrations: start it once on the schema, then stop it.
  schema=bench_pgb_$$
  start_service pgb "$schema" "$BATCH"
  stop_service
  result g clients "$PGBENCH_C"
  result g seconds "$PGBENCH_T"
  # Warm-up: some rows (and, see BENCH_ANALYZE, statistics) before the measured clients prepare
  # their statements.
  PGOPTIONS="-c search_path=$schema" pgbench -n -M prepared -f bench/event.sql -c 4 -j 2 -t 250 "$DB_URL" \
    > "$OUT/pgbench-warm-up.txt" 2>&1
  [[ $ANALYZE == 1 ]] && psql_q -c "analyze $schema.stripe_event, $schema.ledger_entry, $schema.money_object,
    $schema.budget_month"
  for n in 1 20; do
    script=bench/event.sql
    [[ $n == 20 ]] && script=bench/event-batch20.sql
    PGOPTIONS="-c search_path=$schema" pgbench -n -M prepared -f "$script" -c "$PGBENCH_C" -j 2 -T "$PGBENCH_T" \
      "$DB_URL" > "$OUT/pgbench-$n.txt" 2>&1 || { cat "$OUT/pgbench-$n.txt"; FAILED=1; }
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$OUT/pgbench-$n.txt")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/pgbench-$n.txt")
    events=$(awk -v t="${tps:-0}" -v n=$n 'BEGIN { printf "%.1f", t * n }')
    result g "tps_$n" "${tps:-0}"
    result g "events_per_s_$n" "$events"
    echo "[g] pgbench $script: tps $tps x $n events = $events events/s (failed transactions: ${failed:-?})"
  done
  result g seq_scans "$(psql_q -Atc "select string_agg(relname || '=' || seq_scan || '/' || seq_tup_read, ' '
    order by relname) from pg_stat_user_tables where schemaname = '$schema'
    and relname in ('stripe_event', 'ledger_entry', 'money_object', 'budget_month')")"
  result g ratio "$(awk -v a="$(sed -n 's/^g\tevents_per_s_20\t//p' "$RESULTS")" \
    -v b="$(sed -n 's/^g\tevents_per_s_1\t//p' "$RESULTS")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  drop_schema "$schema"
}

run_h() {
  schema=bench_big_$$
  start_service big-migrate "$schema" "$BATCH"
  stop_service
  echo "[h] preloading $PRELOAD events with SQL ..."
  start=$(now_ms)
  psql_q -v schema="$schema" -v events="$PRELOAD" -v accounts=1000 -f bench/preload.sql | tee -a "$OUT/preload.txt"
  result big preload_ms $(( $(now_ms) - start ))
  echo "[h] preloaded in $(( ($(now_ms) - start) / 1000 )) s"
  start_service big "$schema" "$BATCH"
  result big ready_ms "$READY_MS"
  result big ready_cpu_ms "$READY_CPU_MS"
  # Warm-up first (webhooks, then each read), so the reads measure a warm JVM and warm statements.
  warm=$(( READS / 4 ))
  generate big "$schema" "$(warm_up big)" \
    "w-big-history:history:n=$warm,c=$READ_C" "w-big-history-deep:history-deep:n=$warm,c=$READ_C" \
    "w-big-ledger:ledger:n=$warm,c=$READ_C" "w-big-status:status:n=$warm,c=$READ_C" \
    "h-history:history:n=$READS,c=$READ_C" "h-history-deep:history-deep:n=$READS,c=$READ_C" \
    "h-ledger:ledger:n=$READS,c=$READ_C" "h-status:status:n=$READS,c=$READ_C" "$(closed h-write "$K")"
  month=$(date -u -d '-2 months' +%Y-%m)
  psql_q -v schema="$schema" -v account=pre-7 -v month="$month" -v after="evt_pre_$(( PRELOAD / 2 ))" \
    -f bench/explain.sql > "$OUT/explain.txt" 2>&1 || FAILED=1
  echo "[h] query plans in $OUT/explain.txt"
  stop_service
  drop_schema "$schema"
}

for jar in "${JARS[@]}"; do
  use_jar "$jar"
  [[ -f "$JAR" ]] || { echo "no jar at $JAR" >&2; exit 2; }
  mkdir -p "$OUT"
  describe_run
done
echo "parameters: $PARAMS"
# Configuration by configuration, each jar in turn, so the jars see the same machine as nearly as
# a shared machine allows: compare them by their ratios.
for group in webhooks b e f g h agents; do
  case $group in
    webhooks) wants a || wants c || wants d || continue ;;
    agents) wants s || continue ;;
    *) wants "$group" || continue ;;
  esac
  for jar in "${JARS[@]}"; do
    use_jar "$jar"
    echo "=== ${jar%%=*}: $group"
    "run_$group"
  done
done

for jar in "${JARS[@]}"; do
  use_jar "$jar"
  echo "loadavg after the run: $(cat /proc/loadavg)" >> "$OUT/machine.txt"
done
echo "loadavg after the run: $(cat /proc/loadavg)"
summary
exit "$FAILED"
