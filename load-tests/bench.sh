#!/usr/bin/env bash
# The benchmark: one command, on this machine, against real PostgreSQL and Redis and the Twilio simulator.
#   load-tests/bench.sh                       # all scenarios, default rates (see below)
#   RATE=2000 DURATION=20 load-tests/bench.sh  # override
# It builds the jars, creates a fresh database, measures two ceilings with the open-model load generator
# (OpenModelLoad): a minimal server (parse + signature, 204) and the durable-chain server (parse + signature, one
# Redis EVAL, one group-committed PostgreSQL statement writing a call, a lead and a job), then starts the simulator
# and the gateway (seeding load-test tenants through the gateway's own seed) and runs the scenarios: status
# callbacks, the missed-call capacity (closed model), the sustained run at that rate and the burst at BURST_FACTOR
# times it (open model, timed from each request's scheduled start), then the Gatling scenarios (retry storm,
# repeat callers, realistic mix), then voice recovery (VoiceLoad: whole calls, open model, script path). It checks correctness from PostgreSQL and the simulator, measures CPU per
# decided call from /proc (the server, the bench database's PostgreSQL backends, redis-server), prints one line
# per scenario and the issue's target verdicts, and appends JSON records to load-tests/results/bench-<timestamp>.json.
# Gatling HTML reports land in load-tests/target/gatling/. SCENARIOS picks a subset, e.g.
#   SCENARIOS="ceiling chain status capacity sustained burst" DURATION=10 load-tests/bench.sh
# Correctness counts only what the gateway acknowledged (2xx): a webhook refused with 503 is "shed" (Twilio would
# retry it), a call acknowledged but never decided, or decided "texted" but never texted, is "lost".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

SCENARIOS=${SCENARIOS:-ceiling chain status capacity sustained burst storm repeat mix voice}
SUSTAINABLE_RATE=${SUSTAINABLE_RATE:-} # missed calls/s for the sustained run; empty: what the capacity run decided
BURST_FACTOR=${BURST_FACTOR:-3}    # the burst offers this many times the sustainable rate
RATE=${RATE:-}                     # missed calls per second offered in the burst (default: BURST_FACTOR x sustainable)
LATENCY_RATE=${LATENCY_RATE:-}     # missed calls per second in the sustained run (default: the sustainable rate)
MIX_RATE=${MIX_RATE:-}             # call webhooks per second in the realistic mix (5 per call; default: 50 % of sustainable)
STORM_RATE=${STORM_RATE:-1500}     # deliveries per second in the retry storm (3 per call)
VOICE_RATE=${VOICE_RATE:-20}       # voice-recovery calls started per second (7 webhooks each: incoming, dial action, 4 turns, status)
VOICE_THINK_MS=${VOICE_THINK_MS:-200} # the caller's pause between an answer and the next webhook of the call
VOICE_NUMBERS=${VOICE_NUMBERS:-20} # voice-recovery workspaces (one direct number each) the calls spread over
BENCH_BUILD=${BENCH_BUILD:-install} # how the jars are built: install (Gatling resolves the modules from ~/.m2), package, none
GEN_THREADS=${GEN_THREADS:-1}      # the load generator's event loops
GEN_NICE=${GEN_NICE:--10}          # the generator runs at this niceness (as Twilio would, it sends on time; its CPU is reported)
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-256} # closed-model users for the missed-call capacity run
GEN_CONNECTIONS=${GEN_CONNECTIONS:-2000} # at most this many connections from the generator
MAX_SEND_LAG_MS=${MAX_SEND_LAG_MS:-20}   # generator send lag p99 beyond this: the generator was the bottleneck
MAX_GEN_CPU_SHARE=${MAX_GEN_CPU_SHARE:-0.5} # generator CPU beyond this share of the machine: likewise
CHAIN_PORT=${CHAIN_PORT:-18091}
WARMUP=${WARMUP:-10}               # seconds of unmeasured load warming up each server (JIT) before its first measured run
DURATION=${DURATION:-30}           # seconds at full rate per scenario
RAMP=${RAMP:-10}
CONCURRENCY=${CONCURRENCY:-64}     # closed-model users for the saturation runs
WORKSPACES=${WORKSPACES:-100}
READER_RATE=${READER_RATE:-5}      # dashboard visits started per second alongside the realistic mix (~8 requests each)
REPLY_SHARE=${REPLY_SHARE:-0.3}    # share of acknowledged missed callers in the mix who text back
DRAIN_SECONDS=${DRAIN_SECONDS:-60} # at most this long after a scenario for queued text-backs to go out before checking
SOAK_SECONDS=${SOAK_SECONDS:-0}    # > 0: end with a soak of this many seconds at SOAK_RATE (heap flat? 600 for the target)
SOAK_RATE=${SOAK_RATE:-}           # default: 50 % of the sustainable rate
PG_ADMIN_URL=${BENCH_PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
GW_PORT=${GW_PORT:-18080}
SIM_PORT=${SIM_PORT:-14010}
CEIL_PORT=${CEIL_PORT:-18090}
HEAP=${HEAP:-512m}
GW_JAVA_OPTS=${GW_JAVA_OPTS:-}      # extra JVM options for the gateway, e.g. a flight recording: -XX:StartFlightRecording=filename=gw.jfr,settings=profile,dumponexit=true
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
GW_PID=0
want() { [[ " $SCENARIOS " == *" $1 "* ]]; }
DB=""
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  # the run's database and Redis keys (CallSids marked done, counters: hints only, and this run's alone)
  [ -n "$DB" ] && psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if command -v redis-cli >/dev/null; then
    redis-cli -u "$REDIS_URL" --scan --pattern "bench$STAMP:*" | xargs -r -n 1000 redis-cli -u "$REDIS_URL" del >/dev/null || true
  fi
}
trap cleanup EXIT

if [ "$BENCH_BUILD" != none ]; then
  echo "[bench] building ($BENCH_BUILD)"
  mvn -B -q -DskipTests "$BENCH_BUILD"
fi

DB="bench_${STAMP//-/_}"
PG_HOSTPART=${PG_ADMIN_URL#postgresql://}
psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $DB" >/dev/null
DATABASE_URL="postgresql://${PG_HOSTPART%/*}/$DB"
JDBC_URL="jdbc:postgresql://${PG_HOSTPART#*@}"; JDBC_URL="${JDBC_URL%/*}/$DB?user=${PG_HOSTPART%%@*}"

wait_for() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "[bench] $1 did not come up" >&2; return 1
}
wait_listening() { # url, seconds: any HTTP answer will do (the ceilings refuse an unsigned GET)
  for _ in $(seq 1 "$2"); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0; sleep 1; done
  echo "[bench] $1 did not come up" >&2; return 1
}

REDIS_PORT=$(echo "$REDIS_URL" | sed -E 's#^redis://([^@/]*@)?[^:/]*:?([0-9]*).*#\2#'); REDIS_PORT=${REDIS_PORT:-6379}
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
TOOLS="$ROOT/load-tests/target/load-tools.jar"
BENCH_FAILED=0

# CPU of the processes under test, from /proc: cpu_before PID DATABASE|"" REDIS_PORT|0 FILE
cpu_props() { echo "-Dcpu.server=$1 -Dcpu.database=$2 -Dcpu.redisPort=$3 -Dcpu.ticks=$CLK_TCK"; }
cpu_before() { # file, then the cpu_props arguments
  local file=$1; shift
  # shellcheck disable=SC2046
  java $(cpu_props "$@") -cp "$TOOLS" com.missedcall.loadtests.cpu.CpuProbe >"$file"
}
peak_heap() { local p; p=$(sort -n "$HEAP_FILE" 2>/dev/null | tail -1); echo "${p:-0}"; }
peak_rss() { [ "$GW_PID" -gt 0 ] && awk '/VmHWM/ {print $2/1024}' "/proc/$GW_PID/status" 2>/dev/null || echo 0; }
HEAP_FILE="$RUN_DIR/heap.samples"
report() { # name, key, run log (gatling-<x>.log or <x>.load.json), expected-json, cpu-before file, cpu_props args (3), [ceiling rps]
  local name=$1 key=$2 log=$3 expected=$4 before=$5 pid=$6 db=$7 rport=$8 ceiling=${9:-}
  # shellcheck disable=SC2046
  java -DdrainSeconds="$DRAIN_SECONDS" -Dkey="$key" -Dcpu.before="$before" $(cpu_props "$pid" "$db" "$rport") \
    -Dchain.decidedPerSecond="${CHAIN_DECIDED:-0}" -cp "$TOOLS" com.missedcall.loadtests.BenchReport \
    "$name" "$log" "$expected" "$JDBC_URL" "http://127.0.0.1:$SIM_PORT" "$(peak_heap)" "$(peak_rss)" "$RESULTS" "$RAMP" \
    $ceiling || BENCH_FAILED=1
}
field() { java -cp "$TOOLS" com.missedcall.loadtests.BenchVerdicts field "$RESULTS" "$1" "$2" 2>/dev/null || true; }
# the open-model generator: load NAME URL KIND SCENARIO (--rate=R | --concurrency=N) [more generator args]
load() {
  local name=$1 url=$2 kind=$3 scenario=$4; shift 4
  nice -n "$GEN_NICE" java -Xmx1g -cp "$TOOLS" com.missedcall.loadtests.load.OpenModelLoad --url="$url" --kind="$kind" \
    --scenario="$scenario" --account=$ACCOUNT --token=$TOKEN --workspaces=$WORKSPACES --ramp="$RAMP" \
    --duration="$DURATION" --threads="$GEN_THREADS" --connections="$GEN_CONNECTIONS" --max-lag-ms="$MAX_SEND_LAG_MS" \
    --max-cpu-share="$MAX_GEN_CPU_SHARE" --dir="$RUN_DIR" --name="$name" "$@" >"$RUN_DIR/load-$name.log" 2>&1 || true
  grep '^\[load\]' "$RUN_DIR/load-$name.log" | sed 's/^/    /' || cat "$RUN_DIR/load-$name.log" >&2
}
# the voice generator: voice_load NAME URL [more generator args]
voice_load() {
  local name=$1 url=$2; shift 2
  nice -n "$GEN_NICE" java -Xmx1g -cp "$TOOLS" com.missedcall.loadtests.load.VoiceLoad --url="$url" --rate="$VOICE_RATE" \
    --think-ms="$VOICE_THINK_MS" --numbers="$VOICE_NUMBERS" --account=$ACCOUNT --token=$TOKEN --ramp="$RAMP" \
    --duration="$DURATION" --threads="$GEN_THREADS" --connections="$GEN_CONNECTIONS" --max-lag-ms="$MAX_SEND_LAG_MS" \
    --max-cpu-share="$MAX_GEN_CPU_SHARE" --dir="$RUN_DIR" --name="$name" "$@" >"$RUN_DIR/load-$name.log" 2>&1 || true
  grep '^\[load\]' "$RUN_DIR/load-$name.log" | sed 's/^/    /' || cat "$RUN_DIR/load-$name.log" >&2
}
warm_up() { # url, kind: WARMUP seconds back to back, not measured; callers far from the measured runs' (scenario 9)
  [ "$WARMUP" -gt 0 ] || return 0
  load "warmup-$(date +%s)" "$1" "$2" 9 --concurrency="$CONCURRENCY" --ramp=0 --duration="$WARMUP" --offset=5000000 >/dev/null
}
expected_of() { [ -f "$RUN_DIR/$1.expected.json" ] && echo "$RUN_DIR/$1.expected.json" || echo ""; }

CEILING=0
CHAIN_DECIDED=0
if want ceiling; then
  java -Xmx256m -cp "$TOOLS" com.missedcall.loadtests.CeilingServer \
    "$CEIL_PORT" "$TOKEN" "http://127.0.0.1:$CEIL_PORT" >"$RUN_DIR/ceiling.log" 2>&1 &
  CEIL_PID=$!
  PIDS+=($CEIL_PID)
  wait_listening "http://127.0.0.1:$CEIL_PORT/" 30
  echo "[bench] ceiling: minimal Vert.x server (same form parse + signature check, 204), $CONCURRENCY users back to back"
  warm_up "http://127.0.0.1:$CEIL_PORT" progress
  cpu_before "$RUN_DIR/ceiling.cpu" "$CEIL_PID" "" 0
  load ceiling "http://127.0.0.1:$CEIL_PORT" progress 5 --concurrency="$CONCURRENCY" --ramp=2
  report "ceiling" ceiling "$RUN_DIR/ceiling.load.json" "" "$RUN_DIR/ceiling.cpu" "$CEIL_PID" "" 0
  CEILING=$(field ceiling acknowledgedRps)
  kill "$CEIL_PID" 2>/dev/null || true
fi
if want chain; then
  # measured before the gateway starts, so the bench database's backends are the chain server's alone
  java -Xmx256m -cp "$TOOLS" com.missedcall.loadtests.DurableChainCeiling "$CHAIN_PORT" "$TOKEN" \
    "http://127.0.0.1:$CHAIN_PORT" "$DATABASE_URL" "$REDIS_URL" "bench$STAMP:chain:" "${CHAIN_STATEMENTS:-1}" \
    >"$RUN_DIR/chain.log" 2>&1 &
  CHAIN_PID=$!
  PIDS+=($CHAIN_PID)
  wait_listening "http://127.0.0.1:$CHAIN_PORT/" 30
  echo "[bench] durable-chain ceiling: parse + signature, one Redis EVAL, one group-committed statement (call, lead, job), $CONCURRENCY users back to back"
  warm_up "http://127.0.0.1:$CHAIN_PORT" missed
  cpu_before "$RUN_DIR/chain.cpu" "$CHAIN_PID" "$DB" "$REDIS_PORT"
  load chain "http://127.0.0.1:$CHAIN_PORT" missed 9 --concurrency="$CONCURRENCY"
  report "durable-chain ceiling" chain "$RUN_DIR/chain.load.json" "" "$RUN_DIR/chain.cpu" "$CHAIN_PID" "$DB" "$REDIS_PORT"
  CHAIN_DECIDED=$(field chain decidedPerSecond)
  grep 'per statement' "$RUN_DIR/chain.log" | tail -1 | sed 's/^/    /' || true
  kill "$CHAIN_PID" 2>/dev/null || true
fi

echo "[bench] starting the Twilio simulator"
SIM_PORT=$SIM_PORT SIM_HOST=127.0.0.1 SIM_ACCOUNTS="$ACCOUNT:$TOKEN" SIM_AUTO_STATUS_CALLBACKS=true \
  java -Xmx1g -cp gateway/target/gateway.jar com.missedcall.twiliosim.SimulatorMain >"$RUN_DIR/simulator.log" 2>&1 &
PIDS+=($!)

echo "[bench] starting the gateway (database $DB)"
EMBEDDED=off DATABASE_URL="$DATABASE_URL" SECRETS_KEY="$(head -c 32 /dev/urandom | base64)" REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="bench$STAMP:" \
  TWILIO_API_BASE_URL="http://127.0.0.1:$SIM_PORT" PUBLIC_BASE_URL="http://127.0.0.1:$GW_PORT" \
  HTTP_HOST=127.0.0.1 HTTP_PORT=$GW_PORT DATABASE_POOL_SIZE=${DATABASE_POOL_SIZE:-16} \
  LOAD_TEST_SEED_WORKSPACES=$WORKSPACES LOAD_TEST_ACCOUNT_SID=$ACCOUNT LOAD_TEST_AUTH_TOKEN=$TOKEN \
  LOAD_TEST_WINDOW_SECONDS=5 LOAD_TEST_API_KEY="$API_KEY" ADMIN_RATE_LIMIT_PER_MINUTE=1000000 \
  java -Xms$HEAP -Xmx$HEAP -XX:+UseG1GC $GW_JAVA_OPTS -jar gateway/target/gateway.jar >"$RUN_DIR/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_for "http://127.0.0.1:$GW_PORT/health/ready" 90
wait_for "http://127.0.0.1:$SIM_PORT/_sim/stats" 30

# peak heap (from the gateway's own metrics) sampled every second while the scenarios run
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
gw_report() { # name, key, run log, expected-json, cpu-before file, [ceiling rps]
  report "$1" "$2" "$3" "$4" "$5" "$GW_PID" "$DB" "$REDIS_PORT" "${6:-}"
}
# Twilio's message status callbacks (sent, delivered) after each text: off while the missed-call path itself is
# measured (webhook, decision, lead, outbox, text accepted), on for the realistic mix, which includes them
sim_status_callbacks() { # true|false
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"autoStatusCallbacks\": $1}" \
    "http://127.0.0.1:$SIM_PORT/_sim/settings"
}

sim_status_callbacks false
echo "[bench] warming up the gateway: ${WARMUP}s of missed calls (not measured)"
warm_up "http://127.0.0.1:$GW_PORT" missed
sleep 3

if want status; then
  echo "[bench] status callbacks needing no recovery, $CONCURRENCY users back to back"
  cpu_before "$RUN_DIR/status.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  load status "http://127.0.0.1:$GW_PORT" progress 5 --concurrency="$CONCURRENCY" --ramp=2
  gw_report "status callbacks" status "$RUN_DIR/status.load.json" "" "$RUN_DIR/status.cpu" "$CEILING"
fi

sim_status_callbacks false
if want capacity; then
  echo "[bench] missed-call capacity: $CAPACITY_CONCURRENCY users back to back"
  cpu_before "$RUN_DIR/capacity.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  load capacity "http://127.0.0.1:$GW_PORT" missed 8 --concurrency="$CAPACITY_CONCURRENCY"
  gw_report "missed-call capacity" capacity "$RUN_DIR/capacity.load.json" "$(expected_of capacity)" "$RUN_DIR/capacity.cpu"
fi
if [ -z "$SUSTAINABLE_RATE" ]; then
  SUSTAINABLE_RATE=$(field capacity decidedPerSecond | awk '{printf "%d", $1}')
  [ -n "$SUSTAINABLE_RATE" ] && [ "$SUSTAINABLE_RATE" -gt 0 ] || SUSTAINABLE_RATE=1000
fi
LATENCY_RATE=${LATENCY_RATE:-$SUSTAINABLE_RATE}
RATE=${RATE:-$(awk -v s="$SUSTAINABLE_RATE" -v f="$BURST_FACTOR" 'BEGIN {printf "%d", s * f}')}
MIX_RATE=${MIX_RATE:-$(awk -v s="$SUSTAINABLE_RATE" 'BEGIN {r = int(s * 5 / 2); print (r < 5 ? 5 : r)}')}
SOAK_RATE=${SOAK_RATE:-$(awk -v s="$SUSTAINABLE_RATE" 'BEGIN {r = int(s / 2); print (r < 1 ? 1 : r)}')}
echo "[bench] sustainable rate for the rate-controlled runs: $SUSTAINABLE_RATE missed calls/s (burst $RATE/s, mix $MIX_RATE webhooks/s)"

if want sustained; then
  echo "[bench] sustained: $LATENCY_RATE missed calls/s (open model)"
  cpu_before "$RUN_DIR/sustained.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  load sustained "http://127.0.0.1:$GW_PORT" missed 6 --rate="$LATENCY_RATE"
  gw_report "sustained @${LATENCY_RATE}/s" sustained "$RUN_DIR/sustained.load.json" "$(expected_of sustained)" "$RUN_DIR/sustained.cpu"
fi
if want burst; then
  echo "[bench] missed-call burst at $RATE/s (open model)"
  cpu_before "$RUN_DIR/burst.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  load burst "http://127.0.0.1:$GW_PORT" missed 1 --rate="$RATE"
  gw_report "burst @${RATE}/s" burst "$RUN_DIR/burst.load.json" "$(expected_of burst)" "$RUN_DIR/burst.cpu"
fi

if want storm; then
  echo "[bench] retry storm at $STORM_RATE deliveries/s (Gatling)"
  cpu_before "$RUN_DIR/storm.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  gatling RetryStormSimulation storm -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$STORM_RATE
  gw_report "retry storm" storm "$RUN_DIR/gatling-storm.log" "$RUN_DIR/retry-storm.expected.json" "$RUN_DIR/storm.cpu"
fi
if want repeat; then
  echo "[bench] repeat callers (Gatling)"
  cpu_before "$RUN_DIR/repeat.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  gatling RepeatCallersSimulation repeat -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$LATENCY_RATE
  gw_report "repeat callers" repeat "$RUN_DIR/gatling-repeat.log" "$RUN_DIR/repeat-callers.expected.json" "$RUN_DIR/repeat.cpu"
fi

if want mix; then
  sim_status_callbacks true
  # dashboard readers join the mix only when the gateway knows their key (it seeds LOAD_TEST_API_KEY)
  READERS=()
  if curl -sf -o /dev/null -H "Authorization: Bearer $API_KEY" "http://127.0.0.1:$GW_PORT/api/v1/me"; then
    READERS=(-DapiKey="$API_KEY" -DreaderRate="$READER_RATE")
    echo "[bench] realistic mix at $MIX_RATE webhooks/s with $READER_RATE dashboard visits/s (Gatling)"
  else
    echo "[bench] realistic mix at $MIX_RATE webhooks/s (no dashboard readers: the gateway did not accept LOAD_TEST_API_KEY)"
  fi
  cpu_before "$RUN_DIR/mix.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  gatling RealisticMixSimulation mix -DbaseUrl="http://127.0.0.1:$GW_PORT" -Drate=$MIX_RATE -DreplyShare="$REPLY_SHARE" \
    ${READERS[@]+"${READERS[@]}"}
  gw_report "realistic mix" mix "$RUN_DIR/gatling-mix.log" "$RUN_DIR/realistic-mix.expected.json" "$RUN_DIR/mix.cpu"
fi

if want voice; then
  # voice recovery on its own workspaces (VoiceSeed: direct numbers +1555400NNNN, verified, no model: the script
  # path), so no other scenario's calls pay for a voice look-up; the caller summaries go out through the outbox
  java -cp "$TOOLS" com.missedcall.loadtests.VoiceSeed "$JDBC_URL" "$ACCOUNT" "$VOICE_NUMBERS" | sed 's/^/    /'
  sim_status_callbacks false
  echo "[bench] voice recovery: $VOICE_RATE calls/s (open model), each incoming + dial action (no answer) + greeting + 4 scripted turns + status, ${VOICE_THINK_MS} ms between answer and next webhook"
  cpu_before "$RUN_DIR/voice.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  voice_load voice "http://127.0.0.1:$GW_PORT"
  gw_report "voice @${VOICE_RATE} calls/s" voice "$RUN_DIR/voice.load.json" "$(expected_of voice)" "$RUN_DIR/voice.cpu"
fi

if [ "$SOAK_SECONDS" -gt 0 ]; then
  # the heap over a long steady run: the lowest heap (after collections) of its first and of its last minute
  sim_status_callbacks false
  echo "[bench] soak: $SOAK_RATE missed calls/s for $SOAK_SECONDS s (open model)"
  SOAK_FROM=$(wc -l <"$HEAP_FILE")
  cpu_before "$RUN_DIR/soak.cpu" "$GW_PID" "$DB" "$REDIS_PORT"
  load soak "http://127.0.0.1:$GW_PORT" missed 7 --rate="$SOAK_RATE" --duration="$SOAK_SECONDS"
  gw_report "soak @${SOAK_RATE}/s for ${SOAK_SECONDS}s" soak "$RUN_DIR/soak.load.json" "$(expected_of soak)" "$RUN_DIR/soak.cpu"
  tail -n +"$((SOAK_FROM + RAMP + 1))" "$HEAP_FILE" | head -n "$SOAK_SECONDS" >"$RUN_DIR/soak-heap.samples"
  SOAK_FIRST=$(head -n 60 "$RUN_DIR/soak-heap.samples" | sort -n | head -1)
  SOAK_LAST=$(tail -n 60 "$RUN_DIR/soak-heap.samples" | sort -n | head -1)
  SOAK_PEAK=$(sort -n "$RUN_DIR/soak-heap.samples" | tail -1)
  echo "[bench] soak heap: lowest in the first minute ${SOAK_FIRST} MiB, in the last minute ${SOAK_LAST} MiB, peak ${SOAK_PEAK} MiB"
  printf '{"scenario":"soak heap","seconds":%s,"rate":%s,"heapLowFirstMinuteMiB":%s,"heapLowLastMinuteMiB":%s,"heapPeakMiB":%s}\n' \
    "$SOAK_SECONDS" "$SOAK_RATE" "${SOAK_FIRST:-0}" "${SOAK_LAST:-0}" "${SOAK_PEAK:-0}" >"${RESULTS%.json}-soak.json"
fi

echo "[bench] target verdicts (issue 12; this machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
[ -f "$RESULTS" ] && java -cp "$TOOLS" com.missedcall.loadtests.BenchVerdicts "$RESULTS" || true

echo "[bench] results: $RESULTS; Gatling HTML reports: load-tests/target/gatling/; logs: $RUN_DIR"
exit $BENCH_FAILED
