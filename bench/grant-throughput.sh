#!/usr/bin/env bash
# Grant throughput of the whole broker: HTTP API -> database -> worker -> IAM stand-in.
# Starts the no-setup run (./mvnw spring-boot:test-run: H2 and the in-process IAM stand-in, or the
# PostgreSQL named by SPRING_DATASOURCE_URL), fires GRANTS backup grants (4 IAM policies each) from
# CONCURRENCY curl clients, waits until every grant has SUCCEEDED, and prints a table.
# Usage: bench/grant-throughput.sh [GRANTS=200] [CONCURRENCY=16]
set -euo pipefail
cd "$(dirname "$0")/.."
grants=${1:-200}
concurrency=${2:-16}
port=${BENCH_PORT:-18181}
iam_port=${BENCH_IAM_PORT:-19181}
base="http://localhost:$port"
work=$(mktemp -d)

. bench/lib.sh
start_broker

# Warm up: JIT, connection pools, the first IAM token.
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -H "Authorization: Bearer $token" -X POST "$base/v1/backup-authorizations" -H 'Content-Type: application/json' -H 'Prefer: wait=10' \
    -d "{\"accountId\":\"$(head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n')\"}"
done
before=$(curl -s -H "Authorization: Bearer $token" "$base/v1/grants?status=SUCCEEDED&size=1" | sed -E 's/.*"totalElements":([0-9]+).*/\1/')

for _ in $(seq 1 "$grants"); do head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n'; echo; done >"$work/accounts"
start=$(date +%s.%N)
xargs -P "$concurrency" -I{} curl -s -o /dev/null -H "Authorization: Bearer $token" -w '%{http_code} %{time_total}\n' -X POST "$base/v1/backup-authorizations" \
  -H 'Content-Type: application/json' -d '{"accountId":"{}"}' <"$work/accounts" >"$work/answers"
accepted=$(date +%s.%N)
while :; do
  done_count=$(curl -s -H "Authorization: Bearer $token" "$base/v1/grants?status=SUCCEEDED&size=1" | sed -E 's/.*"totalElements":([0-9]+).*/\1/')
  [ $((done_count - before)) -ge "$grants" ] && break
  sleep 0.2
done
finished=$(date +%s.%N)

not202=$(awk '$1 != 202' "$work/answers" | wc -l)
sort -k2 -n "$work/answers" | awk -v g="$grants" -v c="$concurrency" -v s="$start" -v a="$accepted" -v f="$finished" -v bad="$not202" '
  { t[NR] = $2 * 1000 }
  END {
    printf "| %-34s | %12s |\n", "measure", "value"
    printf "|%s|%s|\n", "------------------------------------", "--------------"
    printf "| %-34s | %12d |\n", "grants (4 IAM policies each)", g
    printf "| %-34s | %12d |\n", "concurrent clients", c
    printf "| %-34s | %12d |\n", "answers other than 202", bad
    printf "| %-34s | %12.1f |\n", "POST latency p50 (ms)", t[int(NR * 0.50)]
    printf "| %-34s | %12.1f |\n", "POST latency p95 (ms)", t[int(NR * 0.95)]
    printf "| %-34s | %12.1f |\n", "POST latency max (ms)", t[NR]
    printf "| %-34s | %12.1f |\n", "grants accepted per second", g / (a - s)
    printf "| %-34s | %12.2f |\n", "seconds until all SUCCEEDED", f - s
    printf "| %-34s | %12.1f |\n", "IAM policies created per second", 4 * g / (f - s)
  }'
