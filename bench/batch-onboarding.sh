#!/usr/bin/env bash
# Onboarding many accounts with one batch: POST /v1/grant-batches with INTENTS backup intents
# (4 IAM policies each) against the no-setup run (H2 + in-process IAM stand-in, or the PostgreSQL
# named by SPRING_DATASOURCE_URL); prints how long recording took and how long until all SUCCEEDED.
# Usage: bench/batch-onboarding.sh [INTENTS=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
intents=${1:-1000}
port=${BENCH_PORT:-18182}
iam_port=${BENCH_IAM_PORT:-19182}
base="http://localhost:$port"
work=$(mktemp -d)

. bench/lib.sh
start_broker
# Warm up with a small batch.
curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Prefer: wait=30' "$base/v1/grant-batches" \
  -d "{\"intents\":[{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"$(head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n')\"}}]}"

{
  printf '{"intents":['
  for i in $(seq 1 "$intents"); do
    [ "$i" -gt 1 ] && printf ','
    printf '{"recipe":"vpc-backup","parameters":{"accountId":"%s"}}' "$(head -c16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  done
  printf ']}'
} >"$work/batch.json"

start=$(date +%s.%N)
curl -s -o "$work/answer.json" -w '%{http_code}\n' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$base/v1/grant-batches" \
  --data-binary @"$work/batch.json" >"$work/status"
recorded=$(date +%s.%N)
id=$(sed -E 's/^\{"id":"([^"]+)".*/\1/' "$work/answer.json")
until curl -s -H "Authorization: Bearer $token" "$base/v1/grant-batches/$id" | grep -q "\"counts\":{\"SUCCEEDED\":$intents}"; do sleep 0.5; done
finished=$(date +%s.%N)

awk -v n="$intents" -v s="$start" -v r="$recorded" -v f="$finished" -v code="$(cat "$work/status")" 'BEGIN {
  printf "| %-38s | %10s |\n", "measure", "value"
  printf "|%s|%s|\n", "----------------------------------------", "------------"
  printf "| %-38s | %10d |\n", "intents in the batch (4 policies each)", n
  printf "| %-38s | %10s |\n", "answer", code
  printf "| %-38s | %10.2f |\n", "seconds to validate and record", r - s
  printf "| %-38s | %10.2f |\n", "seconds until the batch SUCCEEDED", f - s
  printf "| %-38s | %10.1f |\n", "IAM policies created per second", 4 * n / (f - s)
}'
