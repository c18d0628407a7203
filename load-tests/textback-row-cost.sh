#!/usr/bin/env bash
# What one decided missed call costs PostgreSQL and Redis (issue 12, item 4), measured end to end:
#   load-tests/textback-row-cost.sh                  # 1000 calls after 100 unmeasured, 8 at a time
#   CALLS=2000 CONCURRENCY=32 load-tests/textback-row-cost.sh
# Builds the jars (package, never install), creates a database of its own with pg_stat_statements (track = all,
# so statements inside the decision function count too), starts a Redis server of its own (so INFO commandstats
# counts the gateway's commands alone), the Twilio simulator (accepting texts and reporting sent + delivered) and
# the gateway, then runs TextBackRowCost: it drives the calls (incoming webhook, then the final status callback),
# waits until every text-back is delivered and the gateway is quiet, and prints per decided call the statements,
# rows written, execution ms and Redis commands, by table and by statement. Everything it started is stopped and
# its database dropped at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

CALLS=${CALLS:-1000}
WARMUP_CALLS=${WARMUP_CALLS:-100}
CONCURRENCY=${CONCURRENCY:-8}
WORKSPACES=${WORKSPACES:-20}
PG_ADMIN_URL=${BENCH_PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
GW_PORT=${ROW_COST_GW_PORT:-18480}
SIM_PORT=${ROW_COST_SIM_PORT:-14410}
REDIS_PORT=${ROW_COST_REDIS_PORT:-16479}
ACCOUNT=AC00000000000000000000000000000c05
TOKEN=row-cost-auth-token-0000000000000000
STAMP=$(date +%Y%m%d_%H%M%S)
RUN_DIR="$ROOT/load-tests/target/row-cost-$STAMP"
mkdir -p "$RUN_DIR"
DB="rowcost_$STAMP"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-}" != 1 ]; then
  echo "[row-cost] building"
  mvn -B -q ${MVN_OFFLINE:--o} -pl gateway,load-tests -am package -DskipTests
fi

PG_HOSTPART=${PG_ADMIN_URL#postgresql://}
psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $DB" >/dev/null
psql "$PG_ADMIN_URL" -qc "ALTER DATABASE $DB SET pg_stat_statements.track = 'all'" >/dev/null
DATABASE_URL="postgresql://${PG_HOSTPART%/*}/$DB"
psql "$DATABASE_URL" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
JDBC_URL="jdbc:postgresql://${PG_HOSTPART#*@}"; JDBC_URL="${JDBC_URL%/*}/$DB?user=${PG_HOSTPART%%@*}"

mkdir -p "$RUN_DIR/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$RUN_DIR/redis" \
  >"$RUN_DIR/redis.log" 2>&1 &
PIDS+=($!)

SIM_PORT=$SIM_PORT SIM_HOST=127.0.0.1 SIM_ACCOUNTS="$ACCOUNT:$TOKEN" SIM_AUTO_STATUS_CALLBACKS=true \
  java -Xmx512m -cp gateway/target/gateway.jar com.missedcall.twiliosim.SimulatorMain >"$RUN_DIR/simulator.log" 2>&1 &
PIDS+=($!)

EMBEDDED=off DATABASE_URL="$DATABASE_URL" SECRETS_KEY="$(head -c 32 /dev/urandom | base64)" \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT" REDIS_KEY_PREFIX="rowcost:" \
  TWILIO_API_BASE_URL="http://127.0.0.1:$SIM_PORT" PUBLIC_BASE_URL="http://127.0.0.1:$GW_PORT" \
  HTTP_HOST=127.0.0.1 HTTP_PORT=$GW_PORT \
  LOAD_TEST_SEED_WORKSPACES=$WORKSPACES LOAD_TEST_ACCOUNT_SID=$ACCOUNT LOAD_TEST_AUTH_TOKEN=$TOKEN \
  LOAD_TEST_WINDOW_SECONDS=5 TEXTBACK_BACKLOG_FLOOR=${TEXTBACK_BACKLOG_FLOOR:-500} \
  java -Xms512m -Xmx512m -XX:+UseG1GC -jar gateway/target/gateway.jar >"$RUN_DIR/gateway.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 90); do curl -sf -o /dev/null "http://127.0.0.1:$GW_PORT/health/ready" && break; sleep 1; done
curl -sf -o /dev/null "http://127.0.0.1:$GW_PORT/health/ready" || { echo "[row-cost] gateway did not come up" >&2; tail -20 "$RUN_DIR/gateway.log" >&2; exit 1; }

java -cp load-tests/target/load-tools.jar com.missedcall.loadtests.TextBackRowCost "http://127.0.0.1:$GW_PORT" \
  "$JDBC_URL" "127.0.0.1:$REDIS_PORT" "$ACCOUNT" "$TOKEN" "$CALLS" "$WARMUP_CALLS" "$CONCURRENCY" "$WORKSPACES" \
  | tee "$RUN_DIR/row-cost.txt"
