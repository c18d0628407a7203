#!/usr/bin/env bash
# Times the dashboard's read endpoints against a running gateway (e.g. on the database seed-scale.sh made):
#   ./load-tests/dashboard-latency.sh [base-url] [api-key] [requests-per-endpoint]
# Requests go one after another over the workspaces of the key's agency (biggest first) and their leads and
# conversations; prints p50, p99 and max per endpoint in milliseconds.
set -euo pipefail
BASE=${1:-http://127.0.0.1:18480/api/v1}
KEY=${2:-mcr_live_ScaleSeedDashboardReader00000001}
N=${3:-200}
auth=(-H "Authorization: Bearer $KEY")
get() { curl -sf "${auth[@]}" "$BASE$1"; }
mapfile -t WS < <(get "/workspaces?limit=200" | jq -r '.data[].id')
mapfile -t LEADS < <(for w in "${WS[@]:0:5}"; do get "/leads?workspace_id=$w&limit=25" | jq -r '.data[].id'; done)
mapfile -t CONVS < <(for w in "${WS[@]:0:5}"; do get "/conversations?workspace_id=$w&limit=25" | jq -r '.data[].id'; done)
REASONS=(texted within_duplicate_window answered duplicate_webhook daily_sms_cap_reached)
echo "agency workspaces: ${#WS[@]}, sample leads: ${#LEADS[@]}, sample conversations: ${#CONVS[@]}"
time_path() { # name, path-template-function
  local name=$1 fn=$2 t=()
  for i in $(seq 0 $((N - 1))); do
    t+=("$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${auth[@]}" "$BASE$($fn "$i")")")
  done
  printf '%s\n' "${t[@]}" | awk '{ print ($1 == 200 ? 0 : 1), $2 * 1000 }' | sort -k2 -n | awk -v name="$name" '
    { bad += $1; ms[NR] = $2 }
    END { p50 = int(NR * 0.50); p99 = int(NR * 0.99); if (p50 < 1) p50 = 1; if (p99 < 1) p99 = 1
          printf "%-14s n=%d p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms  non-200=%d\n", name, NR, ms[p50], ms[p99], ms[NR], bad }'
}
ws() { echo "${WS[$(( $1 % ${#WS[@]} ))]}"; }
big() { echo "${WS[$(( $1 % 5 ))]}"; }
p_overview_ws()  { echo "/overview?workspace_id=$(ws "$1")&days=7"; }
p_overview_big() { echo "/overview?workspace_id=$(big "$1")&days=30"; }
p_overview_all() { echo "/overview?days=30"; }
p_leads()        { echo "/leads?workspace_id=$(ws "$1")&limit=25"; }
p_leads_big()    { echo "/leads?workspace_id=$(big "$1")&limit=25"; }
p_leads_reason() { echo "/leads?workspace_id=$(big "$1")&limit=25&reason=${REASONS[$(( $1 % 5 ))]}"; }
p_leads_agency() { echo "/leads?limit=25"; }
p_leads_stage()  { echo "/leads?limit=25&stage=won"; }
p_leads_q()      { echo "/leads?limit=25&q=water"; }
p_lead()         { echo "/leads/${LEADS[$(( $1 % ${#LEADS[@]} ))]}"; }
p_convs()        { echo "/conversations?workspace_id=$(big "$1")&limit=25"; }
p_convs_agency() { echo "/conversations?limit=25"; }
p_conv()         { echo "/conversations/${CONVS[$(( $1 % ${#CONVS[@]} ))]}"; }
p_usage()        { echo "/usage"; }
p_numbers()      { echo "/numbers?workspace_id=$(ws "$1")"; }
for e in overview_ws overview_big overview_all leads leads_big leads_reason leads_agency leads_stage leads_q lead \
         convs convs_agency conv usage; do
  time_path "$e" "p_$e"
done
