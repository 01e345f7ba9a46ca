#!/usr/bin/env bash
# Fault runs against the real service process and PostgreSQL: SIGKILL, SIGTERM (rolling restart),
# and PostgreSQL restarted in immediate mode, each three times under a Stripe-like sender.
# Needs the local PostgreSQL cluster (pg_ctlcluster, as root) for the last run. Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${CHAOS_EVENTS:-2000}
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
cp=target/test-classes:target/classes:$(cat target/test.classpath)
status=0
for fault in KILL_SERVICE TERMINATE_SERVICE RESTART_POSTGRES; do
  java -cp "$cp" dev.budgetsync.chaos.ChaosRun "$fault" "$events" 3 || status=1
done
exit $status
