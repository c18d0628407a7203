#!/usr/bin/env bash
# The benchmark: one command, on this machine, against real PostgreSQL and Redis and the Twilio simulator.
#   load-tests/bench.sh                       # all scenarios, default rates (see below)
#   RATE=2000 DURATION=20 load-tests/bench.sh  # override
# It builds the jars, creates a fresh database, starts the simulator and the gateway (seeding load-test tenants
# through the gateway's own seed), measures a ceiling server under the same Gatling load generator, runs the
# scenarios, checks correctness from PostgreSQL and the simulator, prints one line per scenario and appends JSON
# records to load-tests/results/bench-<timestamp>.json. Gatling HTML reports land in load-tests/target/gatling/.
# Correctness counts only what the gateway acknowledged (2xx): a webhook refused with 503 is "shed" (Twilio would
# retry it), a call acknowledged but never decided, or decided "texted" but never texted, is "lost".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

RATE=${RATE:-3000}                 # missed calls per second offered in the burst
LATENCY_RATE=${LATENCY_RATE:-1000} # missed calls per second for the text-back latency run
MIX_RATE=${MIX_RATE:-1250}         # call webhooks per second in the realistic mix (5 per call; replies and status callbacks come on top)
STORM_RATE=${STORM_RATE:-1500}     # deliveries per second in the retry storm (3 per call)
DURATION=${DURATION:-30}           # seconds at full rate per scenario
RAMP=${RAMP:-10}
CONCURRENCY=${CONCURRENCY:-64}     # closed-model users for the saturation runs
WORKSPACES=${WORKSPACES:-100}
READER_RATE=${READER_RATE:-5}      # dashboard visits started per second alongside the realistic mix (~8 requests each)
REPLY_SHARE=${REPLY_SHARE:-0.3}    # share of acknowledged missed callers in the mix who text back
DRAIN_SECONDS=${DRAIN_SECONDS:-60} # at most this long after a scenario for queued text-backs to go out before checking
SOAK_SECONDS=${SOAK_SECONDS:-0}    # > 0: end with a soak of this many seconds at SOAK_RATE (heap flat? 600 for the target)
SOAK_RATE=${SOAK_RATE:-500}
PG_ADMIN_URL=${BENCH_PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
GW_PORT=${GW_PORT:-18080}
SIM_PORT=${SIM_PORT:-14010}
CEIL_PORT=${CEIL_PORT:-18090}
HEAP=${HEAP:-512m}
ACCOUNT=AC00000000000000000000000000000b3c
TOKEN=bench-auth-token-000000000000000000
# the dashboard readers' agency key, seeded by the gateway (stored hashed) next to the load-test tenants;
# an API key is mcr_live_ and 32 base-62 characters
API_KEY=${LOAD_TEST_API_KEY:-mcr_live_LoadTestBenchKey0000000000000000}

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR="$ROOT/load-tests/target/bench-$STAMP"
RESULTS="$ROOT/load-tests/results/bench-$STAMP.json"
mkdir -p "$RUN_DIR" "$ROOT/load-tests/results"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "[bench] building"
mvn -B -q -DskipTests install

DB="bench_${STAMP//-/_}"
PG_HOSTPART=${PG_ADMIN_URL#postgresql://}
psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $DB" >/dev/null
DATABASE_URL="postgresql://${PG_HOSTPART%/*}/$DB"
JDBC_URL="jdbc:postgresql://${PG_HOSTPART#*@}"; JDBC_URL="${JDBC_URL%/*}/$DB?user=${PG_HOSTPART%%@*}"

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "[bench] $1 did not come up" >&2; return 1
}

echo "[bench] starting the Twilio simulator and the ceiling server"
SIM_PORT=$SIM_PORT SIM_HOST=127.0.0.1 SIM_ACCOUNTS="$ACCOUNT:$TOKEN" SIM_AUTO_STATUS_CALLBACKS=true \
  java -Xmx1g -cp gateway/target/gateway.jar com.missedcall.twiliosim.SimulatorMain >"$RUN_DIR/simulator.log" 2>&1 &
PIDS+=($!)
java -Xmx256m -cp load-tests/target/load-tools.jar com.missedcall.loadtests.CeilingServer \
  "$CEIL_PORT" "$TOKEN" "http://127.0.0.1:$CEIL_PORT" >"$RUN_DIR/ceiling.log" 2>&1 &
CEIL_PID=$!
PIDS+=($CEIL_PID)

echo "[bench] starting the gateway (database $DB)"
EMBEDDED=off DATABASE_URL="$DATABASE_URL" SECRETS_KEY="$(head -c 32 /dev/urandom | base64)" REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="bench$STAMP:" \
  TWILIO_API_BASE_URL="http://127.0.0.1:$SIM_PORT" PUBLIC_BASE_URL="http://127.0.0.1:$GW_PORT" \
  HTTP_HOST=127.0.0.1 HTTP_PORT=$GW_PORT DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-16} \
  LOAD_TEST_SEED_WORKSPACES=$WORKSPACES LOAD_TEST_ACCOUNT_SID=$ACCOUNT LOAD_TEST_AUTH_TOKEN=$TOKEN \
  LOAD_TEST_WINDOW_SECONDS=5 LOAD_TEST_API_KEY="$API_KEY" ADMIN_RATE_LIMIT_PER_MINUTE=1000000 \
  java -Xms$HEAP -Xmx$HEAP -XX:+UseG1GC -jar gateway/target/gateway.jar >"$RUN_DIR/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_for "http://127.0.0.1:$GW_PORT/health/ready" 90
wait_for "http://127.0.0.1:$SIM_PORT/_sim/stats" 30

# peak heap (from the gateway's own metrics) sampled every second while the scenarios run
HEAP_FILE="$RUN_DIR/heap.samples"
( while kill -0 $GW_PID 2>/dev/null; do
    curl -s "http://127.0.0.1:$GW_PORT/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s+=$NF} END {if (s>0) print s/1048576}' >>"$HEAP_FILE"
    sleep 1
  done ) &
PIDS+=($!)

gatling() { # simulation-class, results-subdir, extra -D args...
  local sim=$1 out=$2; shift 2
  mvn -B -q -pl load-tests io.gatling:gatling-maven-plugin:test -Dgatling.simulationClass="com.missedcall.loadtests.simulations.$sim" \
    -Dgatling.failOnError=false \
    -DrunDir="$RUN_DIR" -DaccountSid=$ACCOUNT -DauthToken=$TOKEN -Dworkspaces=$WORKSPACES \
    -DrampSeconds=$RAMP -DdurationSeconds=$DURATION "$@" >"$RUN_DIR/gatling-$out.log" 2>&1 || true
  grep -E '^(> (request count|mean throughput|response time 99th)|Global:)' "$RUN_DIR/gatling-$out.log" | sed 's/^/    /' || true
}
peak_heap() { local p; p=$(sort -n "$HEAP_FILE" 2>/dev/null | tail -1); echo "${p:-0}"; }
peak_rss() { awk '/VmHWM/ {print $2/1024}' "/proc/$GW_PID/status" 2>/dev/null || echo 0; }
report() { # name, results-subdir, expected-json, [ceiling rps]
  java -DdrainSeconds="$DRAIN_SECONDS" -cp load-tests/target/load-tools.jar com.missedcall.loadtests.BenchReport "$1" "$RUN_DIR/gatling-$2.log" "$3" \
    "$JDBC_URL" "http://127.0.0.1:$SIM_PORT" "$(peak_heap)" "$(peak_rss)" "$RESULTS" "$RAMP" ${4:-} || BENCH_FAILED=1
}
# Twilio's message status callbacks (sent, delivered) after each text: off while the missed-call path itself is
# measured (webhook, decision, lead, outbox, text accepted), on for the realistic mix, which includes them
sim_status_callbacks() { # true|false
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"autoStatusCallbacks\": $1}" \
    "http://127.0.0.1:$SIM_PORT/_sim/settings"
}
rps_of() { java -cp load-tests/target/load-tools.jar com.missedcall.loadtests.GatlingThroughput "$RUN_DIR/gatling-$1.log"; }
BENCH_FAILED=0

echo "[bench] ceiling: minimal Vert.x server (same form parse + signature check, 204), $CONCURRENCY users back to back"
gatling ProgressCallbacksSimulation ceiling -DbaseUrl="http://127.0.0.1:$CEIL_PORT" -Dconcurrency=$CONCURRENCY -DrampSeconds=2
CEILING=$(rps_of ceiling)
kill $CEIL_PID 2>/dev/null || true
echo "[bench] ceiling throughput: $CEILING req/s"

echo "[bench] status callbacks needing no recovery, $CONCURRENCY users back to back"
gatling ProgressCallbacksSimulation status -DbaseUrl="http://127.0.0.1:$GW_PORT" -Dconcurrency=$CONCURRENCY -DrampSeconds=2
report "status callbacks" status "" "$CEILING"

sim_status_callbacks false
echo "[bench] missed-call burst at $RATE/s"
gatling MissedCallBurstSimulation burst -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$RATE
report "missed-call burst" burst "$RUN_DIR/burst.expected.json" "$CEILING"

echo "[bench] text-back latency at $LATENCY_RATE missed calls/s"
gatling MissedCallBurstSimulation latency -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$LATENCY_RATE \
  -Dscenario=6 -Dexpect=latency
report "text-back @${LATENCY_RATE}/s" latency "$RUN_DIR/latency.expected.json" "$CEILING"

echo "[bench] retry storm at $STORM_RATE deliveries/s"
gatling RetryStormSimulation storm -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$STORM_RATE
report "retry storm" storm "$RUN_DIR/retry-storm.expected.json" "$CEILING"

echo "[bench] repeat callers"
gatling RepeatCallersSimulation repeat -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$LATENCY_RATE
report "repeat callers" repeat "$RUN_DIR/repeat-callers.expected.json" "$CEILING"

sim_status_callbacks true
# dashboard readers join the mix only when the gateway knows their key (it seeds LOAD_TEST_API_KEY)
READERS=()
if curl -sf -o /dev/null -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$GW_PORT/api/v1/me"; then
  READERS=(-DapiKey="$API_KEY" -DreaderRate="$READER_RATE")
  echo "[bench] realistic mix at $MIX_RATE webhooks/s with $READER_RATE dashboard visits/s"
else
  echo "[bench] realistic mix at $MIX_RATE webhooks/s (no dashboard readers: the gateway did not accept LOAD_TEST_API_KEY)"
fi
gatling RealisticMixSimulation mix -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$MIX_RATE -DreplyShare="$REPLY_SHARE" \
  ${READERS[@]+"${READERS[@]}"}
report "realistic mix" mix "$RUN_DIR/realistic-mix.expected.json" "$CEILING"

if [ "$SOAK_SECONDS" -gt 0 ]; then
  # the heap over a long steady run: the lowest heap (after collections) of its first and of its last minute
  sim_status_callbacks false
  echo "[bench] soak: $SOAK_RATE missed calls/s for $SOAK_SECONDS s"
  SOAK_FROM=$(wc -l <"$HEAP_FILE")
  gatling MissedCallBurstSimulation soak -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$SOAK_RATE \
    -Dscenario=7 -Dexpect=soak -DdurationSeconds="$SOAK_SECONDS"
  report "soak @${SOAK_RATE}/s for ${SOAK_SECONDS}s" soak "$RUN_DIR/soak.expected.json" "$CEILING"
  tail -n +"$((SOAK_FROM + RAMP + 1))" "$HEAP_FILE" | head -n "$SOAK_SECONDS" >"$RUN_DIR/soak-heap.samples"
  SOAK_FIRST=$(head -n 60 "$RUN_DIR/soak-heap.samples" | sort -n | head -1)
  SOAK_LAST=$(tail -n 60 "$RUN_DIR/soak-heap.samples" | sort -n | head -1)
  SOAK_PEAK=$(sort -n "$RUN_DIR/soak-heap.samples" | tail -1)
  echo "[bench] soak heap: lowest in the first minute ${SOAK_FIRST} MiB, in the last minute ${SOAK_LAST} MiB, peak ${SOAK_PEAK} MiB"
  printf '{"scenario":"soak heap","seconds":%s,"rate":%s,"heapLowFirstMinuteMiB":%s,"heapLowLastMinuteMiB":%s,"heapPeakMiB":%s}\n' \
    "$SOAK_SECONDS" "$SOAK_RATE" "${SOAK_FIRST:-0}" "${SOAK_LAST:-0}" "${SOAK_PEAK:-0}" >"${RESULTS%.json}-soak.json"
fi

echo "[bench] results: $RESULTS; Gatling HTML reports: load-tests/target/gatling/; logs: $RUN_DIR"
psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
# the run's Redis keys (CallSids marked done, counters): hints only, and this run's alone
if command -v redis-cli >/dev/null; then
  redis-cli -u "$REDIS_URL" --scan --pattern "bench$STAMP:*" | xargs -r -n 1000 redis-cli -u "$REDIS_URL" del >/dev/null || true
fi
exit $BENCH_FAILED
