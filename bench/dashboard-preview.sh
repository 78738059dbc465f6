#!/usr/bin/env bash
# The Grafana dashboard of the Helm chart (helm/s2s-broker/dashboards/s2s-broker.json) against real
# Prometheus data: 2 replicas of the production jar on PostgreSQL (database s2s_bench_dashboard) and
# the IAM stand-in with faults (5xx, resets, 429 bursts, 50 ms latency), scraped every 5 s by a
# Prometheus of the script's own (Debian's package; installed when missing) while a day's work goes
# through: batches of backup grants at a small budget (the queue grows and ages), single grants and
# revokes through the API, grants that fail after too few attempts, policies deleted behind the
# broker's back and found by verification (drift), and repairs. Then every panel's PromQL is run
# against that Prometheus and drawn by bench/dashboard/preview.mjs; Chromium takes the screenshot.
#
#   bench/dashboard-preview.sh [OUT_PNG]      default docs/dashboard.png; about 6 minutes
#
# Environment: BENCH_PORT_BASE (18400), BENCH_DASHBOARD_SECONDS (240: how long the work goes on),
# BENCH_JAVA, BENCH_JVM_OPTS. Fails when Prometheus refuses a query or a panel has no data.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

out=${1:-docs/dashboard.png}
base=${BENCH_PORT_BASE:-18400}
seconds=${BENCH_DASHBOARD_SECONDS:-240}
BENCH_DB=s2s_bench_dashboard
BENCH_LOGS=$(mktemp -d /tmp/s2s-dashboard.XXXXXX)
standin_port=$((base + 1))
prometheus_port=$((base + 90))
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

for tool in jq curl node; do command -v "$tool" >/dev/null || fail "$tool is needed"; done
if ! command -v prometheus >/dev/null || ! command -v chromium >/dev/null; then
  log "installing Debian's prometheus and chromium"
  apt-get install -y -qq prometheus chromium >/dev/null
fi

build
ensure_postgres
fresh_database

start_standin standin "$standin_port" --latency=50ms --server-errors=0.05 --resets=0.01 \
  --throttle-every=45s --throttle-for=3s
for i in 1 2; do
  start_broker "broker$i" $((base + 10 + i)) "$standin_port" \
    --broker.worker.max-concurrency=4 --broker.worker.cluster-max-concurrency=6 \
    --broker.iam.retry.max-attempts=3 --broker.iam.retry.initial-backoff=200ms \
    --broker.reconciler.interval=30s
  eval "broker${i}_pid=$broker_pid"
done
await_broker broker1 $((base + 11)) "$broker1_pid"
await_broker broker2 $((base + 12)) "$broker2_pid"
token=$(caller_token "$standin_port")
api="http://127.0.0.1:$((base + 11))"

# Prometheus, scraping both replicas with the caller token (its rule allows METRICS).
mkdir -p "$BENCH_LOGS/prometheus"
printf '%s' "$token" >"$BENCH_LOGS/prometheus/token"
cat >"$BENCH_LOGS/prometheus/prometheus.yml" <<EOF
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: s2s-broker
    metrics_path: /actuator/prometheus
    authorization:
      credentials_file: $BENCH_LOGS/prometheus/token
    static_configs:
      - targets: ['127.0.0.1:$((base + 11))', '127.0.0.1:$((base + 12))']
EOF
port_open "$prometheus_port" && fail "port $prometheus_port is taken; set BENCH_PORT_BASE"
start_process prometheus prometheus --config.file="$BENCH_LOGS/prometheus/prometheus.yml" \
  --storage.tsdb.path="$BENCH_LOGS/prometheus/data" --web.listen-address="127.0.0.1:$prometheus_port"
await_answer prometheus "http://127.0.0.1:$prometheus_port/-/ready" "$pid" 20 "Prometheus did not start"
sleep 6
from=$(date +%s)
log "work starts; Prometheus on http://127.0.0.1:$prometheus_port, logs in $BENCH_LOGS"

call() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
grant_id() {
  curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Prefer: wait=20' \
    -d "{\"accountId\":\"$1\"}" "$api/v1/backup-authorizations" | jq -r .id
}

# A steady trickle of single grants, plans, reads and a few bad requests, until the end.
(
  end=$((from + seconds))
  while [ "$(date +%s)" -lt "$end" ]; do
    account=$(accounts 1)
    call -X POST -d "{\"accountId\":\"$account\"}" "$api/v1/backup-authorizations" >/dev/null
    call -X POST -d "{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"$account\"}}" "$api/v1/plans" >/dev/null
    call "$api/v1/grants?size=20" >/dev/null
    call -X POST -d '{"accountId":"not-an-account"}' "$api/v1/backup-authorizations" >/dev/null
    sleep 0.5
  done
) &
trickle=$!

# Batches: the queue grows and ages, at a cluster budget of 6 against 50 ms.
accounts 300 >"$BENCH_LOGS/batch1"
post_batches $((base + 11)) "$token" "$BENCH_LOGS/batch1"
sleep $((seconds / 4))
accounts 200 >"$BENCH_LOGS/batch2"
post_batches $((base + 12)) "$token" "$BENCH_LOGS/batch2"

# Drift: policies deleted at IAM behind the broker's back, found by verification, some repaired.
sleep $((seconds / 4))
drifted=()
for _ in 1 2 3 4 5 6; do
  id=$(grant_id "$(accounts 1)")
  policy=$(curl -s -H "Authorization: Bearer $token" "$api/v1/grants/$id" | jq -r '.policies[0].iamPolicyId')
  call -X DELETE "http://127.0.0.1:$standin_port/v1/policies/$policy" >/dev/null
  call -X POST "$api/v1/grants/$id/verify" >/dev/null
  drifted+=("$id")
done
for id in "${drifted[@]:0:3}"; do call -X POST -H 'Prefer: wait=20' "$api/v1/grants/$id/repair" >/dev/null; done

# Revokes: a tenth of the first batch.
head -30 "$BENCH_LOGS/batch1" | while read -r account; do call -X DELETE "$api/v1/backup-authorizations/$account" >/dev/null; done

wait "$trickle"
sleep 10
to=$(date +%s)
log "work ended: $(sql "select status, count(*) from grants group by status order by status" | tr '\t\n' '= ')"

node bench/dashboard/preview.mjs "http://127.0.0.1:$prometheus_port" helm/s2s-broker/dashboards/s2s-broker.json \
  "$from" "$to" "$BENCH_LOGS/dashboard.html"
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$BENCH_LOGS/chromium" --hide-scrollbars \
  --window-size=1632,1480 --screenshot="$out" "file://$BENCH_LOGS/dashboard.html" 2>/dev/null
log "screenshot: $out (page: $BENCH_LOGS/dashboard.html)"
