#!/usr/bin/env bash
# Seeds a database at the dashboard's scale (>= 1,000,000 calls, 200,000 leads, 500 workspaces) through
# the Flyway-migrated schema: ./load-tests/seed-scale.sh [database-url] (default a fresh "scale" database).
# Sizes: CALLS, LEADS, WORKSPACES, AGENCIES, DAYS. Takes a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_ADMIN_URL=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
URL=${1:-}
if [ -z "$URL" ]; then
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS scale WITH (FORCE)" -c "CREATE DATABASE scale" >/dev/null
  URL=${PG_ADMIN_URL%/*}/scale
fi
[ -f load-tests/target/load-tools.jar ] || mvn -B -q -o -pl load-tests -am package -DskipTests
java -Dcalls="${CALLS:-1100000}" -Dleads="${LEADS:-220000}" -Dworkspaces="${WORKSPACES:-520}" \
  -Dagencies="${AGENCIES:-40}" -Ddays="${DAYS:-90}" \
  -cp load-tests/target/load-tools.jar com.missedcall.loadtests.ScaleSeed "$URL"
