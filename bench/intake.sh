#!/usr/bin/env bash
# Intake and dispatch benchmark (see IntakeDispatchBenchmark.java): webhook updates/s and ack
# latency against a batched-INSERT baseline on the same database, then commit-to-turn latency.
#
#   bench/intake.sh          # builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432
#   UPDATES=80000 CLIENTS=128 RATE=3000 bench/intake.sh   # RATE: the open-loop phase's updates/s
#   WARMUP_SECONDS=10        # seconds of the open loop run first, not measured (JIT, pools); then on in
#   MAX_WARMUP_SECONDS=180   # 10 s steps until the JIT's compilers use under 0.05 cores (bench/JitSettling.java)
#   APP_JVM_OPTIONS="-XX:+UseZGC"   # JVM flags for the app (default: none, the JVM's defaults)
#   TIMELINE=/tmp/t.txt      # writes the open loop's slowest ack and probe commit per 100 ms (one stall or many? the database's?)
#   JAR=/tmp/old.jar         # another build of the app (default: target/switchboard-*.jar)
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA:-$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | head -n 1)/bin/java}"
JAR="${JAR:-$(ls target/switchboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}"
if [ -z "$JAR" ]; then
  ./mvnw -B -q package -DskipTests
  JAR=$(ls target/switchboard-*.jar | grep -v original | head -n 1)
fi
PG_JAR=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar)

db="switchboard_bench_intake_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${db}_dispatch"
trap 'for d in $db ${db}_dispatch; do psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true; done' EXIT
# The run starts on recycled WAL segments, right after a checkpoint (bench/wal-steady.sh).
source bench/wal-steady.sh
wal_steady_start "$db"

"$JAVA" -DappJvmOptions="${APP_JVM_OPTIONS:-}" -Dtimeline="${TIMELINE:-}" -Dupdates="${UPDATES:-40000}" -DwarmupSeconds="${WARMUP_SECONDS:-10}" -DmaxWarmupSeconds="${MAX_WARMUP_SECONDS:-180}" -Dclients="${CLIENTS:-64}" -Drate="${RATE:-5000}" -DdispatchUpdates="${DISPATCH_UPDATES:-300}" \
  -cp "$PG_JAR" bench/IntakeDispatchBenchmark.java \
  "$JAR" "jdbc:postgresql://127.0.0.1:5432/$db" "$JAVA" "jdbc:postgresql://127.0.0.1:5432/${db}_dispatch"
wal_steady_report
