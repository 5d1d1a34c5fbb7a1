#!/usr/bin/env bash
# Full-turn benchmark (see TurnBenchmark.java): turns/s and platform overhead per turn against a
# bare receive-model-send loop, the cores each process used, and the app's RSS at rest and at peak.
#
#   bench/turns.sh           # builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432
#   CHATS=500 BOTS=20 SECONDS_MEASURED=30 bench/turns.sh
#   WARMUP_SECONDS=60 MAX_WARMUP_SECONDS=240 bench/turns.sh   # warm-up: at least 60 s, then until the JIT's
#                            # compilers use under 0.05 cores over 10 s (bench/JitSettling.java), at most 240 s
#   APP_JVM_OPTIONS="-XX:+UseZGC" bench/turns.sh   # JVM flags for the app (default: none)
#   THINK_MS=1400 bench/turns.sh   # a chat's pause after each reply (default 1000): with CHATS, the offered load
#   JAR=/tmp/old.jar bench/turns.sh   # another build of the app (default: target/switchboard-*.jar)
#   TEXT_CHARS=800 CONTEXT_WINDOW=128000 bench/turns.sh   # long messages (default: a few words) and the model's
#                            # window in tokens (default 16000): what reading and counting a long history costs
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA:-$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | head -n 1)/bin/java}"
JAR="${JAR:-$(ls target/switchboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)}"
if [ -z "$JAR" ]; then
  ./mvnw -B -q package -DskipTests
  JAR=$(ls target/switchboard-*.jar | grep -v original | head -n 1)
fi
PG_JAR=$(ls ~/.m2/repository/org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar)

# The server's settings shape every figure below, so the run names them. Without autovacuum the
# queue tables' dead rows pile up for the whole run (nor are their statistics ever gathered), and a
# claim steps over every dead index entry left since the table was made: measured on processing_chat
# after 60,000 updates, 115 buffers per claim against 3 after a VACUUM. In a run of a few minutes
# that did not show in the figures (190 turns/s with it off, 166 with it on, on one stalling disk).
echo "PostgreSQL: $(psql -h 127.0.0.1 -U postgres -Atc "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
  FROM pg_settings WHERE name IN ('autovacuum', 'autovacuum_naptime', 'fsync', 'synchronous_commit', 'full_page_writes',
  'wal_sync_method', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout')")"
if [ "$(psql -h 127.0.0.1 -U postgres -Atc "SHOW autovacuum")" != "on" ]; then
  echo "WARNING: autovacuum is off on this server: the queue tables' dead rows pile up through the run"
fi
db="switchboard_bench_turns_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
trap 'psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

# The run starts on recycled WAL segments, right after a checkpoint (bench/wal-steady.sh).
source bench/wal-steady.sh
wal_steady_start "$db"

"$JAVA" -DappJvmOptions="${APP_JVM_OPTIONS:-}" -Dwarmup="${WARMUP_SECONDS:-60}" -DmaxWarmup="${MAX_WARMUP_SECONDS:-240}" -Dchats="${CHATS:-500}" -Dbots="${BOTS:-20}" -Dseconds="${SECONDS_MEASURED:-30}" -DmodelMs="${MODEL_MS:-500}" -DthinkMs="${THINK_MS:-1000}" -DtextChars="${TEXT_CHARS:-0}" -DcontextWindow="${CONTEXT_WINDOW:-16000}" \
  -cp "$PG_JAR" bench/TurnBenchmark.java \
  "$JAR" "jdbc:postgresql://127.0.0.1:5432/$db" "$JAVA"

wal_steady_report
# Where the run's row updates went: a HOT update rewrites no index entry (statistics reach the
# view within about a second).
sleep 1
echo "row updates in the run (HOT: in place, no index entry written):"
psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT format('  %s: %s updates, %s HOT', relname, n_tup_upd, n_tup_hot_upd)
  FROM pg_stat_user_tables WHERE n_tup_upd > 0 ORDER BY n_tup_upd DESC"
# A failed turn is retried after a backoff and its wait counts as overhead: a run with failures
# measures them, not the platform.
echo "turn attempts that failed (outcome and error, most common first):"
psql -h 127.0.0.1 -U postgres -d "$db" -Atc "SELECT format('  %s x %s: %s', count(*), outcome, left(error, 160))
  FROM processing_attempt WHERE outcome <> 'COMPLETED' GROUP BY outcome, left(error, 160)
  ORDER BY count(*) DESC LIMIT 5" | grep . || echo "  none"
