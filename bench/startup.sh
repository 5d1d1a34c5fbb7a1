#!/usr/bin/env bash
# Start-up benchmark: cold start (first ever start: initdb, migrations, key generation), warm
# start (existing data) and start on an external PostgreSQL, with the resident memory (RSS) of the
# JVM plus its embedded PostgreSQL processes once idle. The external-PostgreSQL start is the
# baseline the embedded default is compared with.
#
#   bench/startup.sh            # builds the jar if missing; needs PostgreSQL on 127.0.0.1:5432
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA:-$( (ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null || true) | head -n 1)/bin/java}"
JAR=$(ls target/switchboard-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q package -DskipTests -Dskip.web=true
  JAR=$(ls target/switchboard-*.jar | grep -v original | head -n 1)
fi
PORT="${PORT:-18080}"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# Sets ELAPSED to the milliseconds from launch until /actuator/health answers UP, and PID to the
# running app.
start() {
  local started
  started=$(date +%s%N)
  "$JAVA" -jar "$JAR" --server.port="$PORT" > "$WORK/app.log" 2>&1 &
  PID=$!
  until curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q UP; do
    kill -0 "$PID" 2>/dev/null || { echo "app died:"; tail -n 30 "$WORK/app.log"; exit 1; }
    sleep 0.05
  done
  ELAPSED=$(( ($(date +%s%N) - started) / 1000000 ))
}

# Sets RSS to the MiB resident in the JVM and every process below it (the embedded PostgreSQL),
# after 10 s idle.
rss() {
  sleep 10
  local pids
  pids="$PID $(pgrep -P "$PID" | tr '\n' ' ' || true)"
  for p in $(pgrep -P "$PID" || true); do pids="$pids $(pgrep -P "$p" | tr '\n' ' ' || true)"; done
  ps -o rss= -p $(echo "$pids" | tr ' ' ',' | sed 's/,,*/,/g; s/^,//; s/,$//') | awk '{s+=$1} END {printf "%d", s/1024}' > "$WORK/rss"
  RSS=$(cat "$WORK/rss")
}

stop() {
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

export SWITCHBOARD_DATA_DIR="$WORK/data"
start; rss; cold=$ELAPSED; cold_rss=$RSS; stop
start; rss; warm=$ELAPSED; warm_rss=$RSS; stop

db="switchboard_bench_$$"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$db" SPRING_DATASOURCE_USERNAME=postgres
export SWITCHBOARD_DATA_DIR="$WORK/external"
start; rss; ext=$ELAPSED; ext_rss=$RSS; stop
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db"

printf '%-34s %8s %10s %8s\n' "start" "ms" "RSS MiB" "x ext"
printf '%-34s %8d %10d %8.2f\n' "embedded, first start (cold)" "$cold" "$cold_rss" "$(awk "BEGIN{print $cold/$ext}")"
printf '%-34s %8d %10d %8.2f\n' "embedded, existing data (warm)" "$warm" "$warm_rss" "$(awk "BEGIN{print $warm/$ext}")"
printf '%-34s %8d %10d %8.2f\n' "external PostgreSQL (baseline)" "$ext" "$ext_rss" "1.00"
