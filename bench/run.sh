#!/usr/bin/env bash
# The benchmark of issue 11: the production jar on JDK 25, PostgreSQL on 127.0.0.1:5432 (its own
# database, s2s_bench, dropped and created for every run), the IAM stand-in as a process of its own
# (latency, random faults, counters at /stand-in/stats) and wrk for HTTP load. Each scenario runs
# REPEATS times, interleaved, each run on a fresh database, stand-in and broker; prints one markdown
# table (min / median / max over the repeats, and how many repeats met the target), a table of
# details, the machine and the date, and writes them with the raw measurements to
# bench/results/<date>-<short sha>.md (logs, wrk output and stand-in counters beside it, in a
# directory git ignores).
#
#   bench/run.sh            the full run, 3 repeats: about 27 minutes on this 2-core machine (at
#                           b2d5942, with the RSS run in every repeat, it took 30): per repeat ~2 min
#                           for budget 8 and ~2.5 min with faults (bound by IAM's latency and the
#                           broker's back-offs), ~2 min for budgets 32 and 64 and the baseline,
#                           ~1.5 min for the replicas, ~1 min for http, JVM start-ups included;
#                           ~2.5 min more for the RSS run. A slower broker takes longer; each run
#                           waits at most BENCH_DEADLINE for its policies
#   bench/run.sh --quick    CI: 200 accounts with faults on 2 replicas, about 1 minute; fails only
#                           on a lost or duplicated policy or a grant not SUCCEEDED, never on timings
#
# Options: --repeats N (3), --accounts N (2000), --only batch,faults,accounts,replicas,http (all).
# Environment: BENCH_LATENCY (50ms), BENCH_BUDGETS ("8 32 64"), BENCH_FAULT_BUDGET (32),
# BENCH_BASELINE_POLICIES (400), BENCH_REPLICA_ACCOUNTS (500), BENCH_HTTP_SECONDS (10),
# BENCH_RSS_GRANTS (10000), BENCH_RSS_REPEATS (1), BENCH_DEADLINE (600 s a run), BENCH_PORT_BASE
# (18200; quick 18300), BENCH_DB (s2s_bench; quick s2s_bench_quick), BENCH_JAVA, BENCH_JVM_OPTS.
#
# Scenarios, each run against fresh state:
#   batch     ACCOUNTS accounts of vpc-backup in batches of 1000 (4 policies each), after a warm-up
#             batch of 50, with broker.worker.max-concurrency = each budget (and the cluster budget the
#             same, so only the instance's holds); from the first POST until every policy is final.
#             Utilisation = IAM policy calls/s x latency / budget (the stand-in's counters: average
#             calls in flight / budget); also policies/s / (budget / latency), and the average in
#             flight the stand-in measured; and the broker's CPU (user + system, from /proc/PID/stat)
#             per 1,000 policies, over the same span.
#   baseline  after each budget-64 run, the first BENCH_BASELINE_POLICIES documents that run
#             recorded, created one at a time against a fresh stand-in (bench/SequentialClient.java,
#             a CLI loop's best case); the ratio is the budget-64 run's policies/s to its rate.
#   faults    the batch at BENCH_FAULT_BUDGET, the stand-in answering 20% of policy calls 5xx,
#             resetting 5% (half of them after the work: a created policy's answer lost) and
#             answering every policy call 429 (Retry-After: 1) for 1 s every 10 s; its policies/s
#             against the fault-free run of the same repeat. The broker's retry settings are its
#             defaults.
#   accounts  the budget-32 batch's policy count as vpe-dns-sharing intents (one policy each, created
#             in the hub's account): all hubs in the stand-in's home account, where the broker acts
#             with its API key's token, against hubs spread over BENCH_SPREAD_ACCOUNTS (100) child
#             accounts, each its own trusted profile the broker assumes (issue 18); the utilisation
#             of both and the token exchanges IAM served.
#   replicas  3 instances on one database, BENCH_REPLICA_ACCOUNTS accounts posted to the first:
#             with broker.worker.cluster-max-concurrency=16 (and max-concurrency 16 each), then with
#             48, which three instances at 16 cannot reach; the most policy calls the stand-in ever
#             had in flight.
#   http      one instance (budget 64, cluster budget 64): wrk, 2 threads, 16 connections,
#             BENCH_HTTP_SECONDS each after a 3 s warm-up: GET /actuator/health/liveness, then
#             GET /v1/grants/{id}, then POST /v1/grants with a new account each; then, in the first
#             BENCH_RSS_REPEATS repeats (1: the 40,000 policies of a run cost as much as all the
#             batches of a repeat), batches up to BENCH_RSS_GRANTS grants in that instance, and its
#             VmRSS (and VmHWM) once all are final.
# Every run of batch, faults and replicas (and the http run) then checks that every grant
# SUCCEEDED and compares the broker's records with the stand-in's policies: lost (recorded, not
# held), unrecorded (held, recorded by no row), doubly recorded, a CREATED policy without its
# grant's mark, duplicates the stand-in holds, and policies held for a row recorded FAILED.
#
# It stops only what it started (by process group), on exit too; PostgreSQL, if it had to start it,
# is left running, as .ci/run leaves it. Without wrk it installs it (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
# The stand-in's counters are read with jq (Debian's package); installed here when missing.
command -v jq >/dev/null || { echo "installing jq" >&2; apt-get install -y jq >/dev/null; }

quick=false
repeats=3
accounts=2000
only=batch,faults,accounts,replicas,http
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=true ;;
    --repeats) repeats=$2; shift ;;
    --accounts) accounts=$2; shift ;;
    --only) only=$2; shift ;;
    *) echo "Usage: bench/run.sh [--quick] [--repeats N] [--accounts N] [--only batch,faults,accounts,replicas,http]" >&2; exit 2 ;;
  esac
  shift
done

latency=${BENCH_LATENCY:-50ms}
latency_ms=${latency%ms}
case $latency in *ms) ;; *) fail "BENCH_LATENCY is in milliseconds, e.g. 50ms" ;; esac
budgets=${BENCH_BUDGETS:-8 32 64}
fault_budget=${BENCH_FAULT_BUDGET:-32}
baseline_policies=${BENCH_BASELINE_POLICIES:-400}
replica_accounts=${BENCH_REPLICA_ACCOUNTS:-500}
spread_accounts=${BENCH_SPREAD_ACCOUNTS:-100}
http_seconds=${BENCH_HTTP_SECONDS:-10}
rss_grants=${BENCH_RSS_GRANTS:-10000}
rss_repeats=${BENCH_RSS_REPEATS:-1}
deadline=${BENCH_DEADLINE:-600}
# The quick mode has ports (and a database) of its own, so CI can run beside a full run.
port_base=${BENCH_PORT_BASE:-$($quick && echo 18300 || echo 18200)}
iam_port=$((port_base + 10))
baseline_port=$((port_base + 11))
warmup_accounts=50
faults=(--server-errors=0.2 --resets=0.05 --lost-answers=0.5 --throttle-every=10s --throttle-for=1s)

started=$(date +%s)
sha=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
# A run of uncommitted code says so in its name.
git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || sha="$sha-dirty"
day=$(date -u +%Y-%m-%d)
if $quick; then
  BENCH_DB=${BENCH_DB:-s2s_bench_quick}
  BENCH_LOGS=$(mktemp -d /tmp/s2s-bench-quick.XXXXXX)
else
  BENCH_DB=${BENCH_DB:-s2s_bench}
  report="bench/results/$day-$sha.md"
  BENCH_LOGS="bench/results/$day-$sha"
  rm -rf "$BENCH_LOGS"
  mkdir -p "$BENCH_LOGS"
fi
measurements="$BENCH_LOGS/measurements.tsv"
: >"$measurements"
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

# record METRIC REPEAT VALUE
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$measurements"; }
calc() { awk "BEGIN { printf \"%.6g\", $1 }"; }
now() { date +%s.%N; }

# Policies the broker has recorded: every row exists once the POST that asked for it has answered.
# cpu_ticks PID...: the CPU time (user + system, in clock ticks) the processes have used so far.
cpu_ticks() { local pid total=0; for pid in "$@"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done; echo "$total"; }
clock_ticks=$(getconf CLK_TCK)
policy_rows() { sql "select count(*) from grant_policies"; }
policy_calls() { jq '[.calls.CREATE_POLICY, .calls.GET_POLICY, .calls.LIST_POLICIES, .calls.DELETE_POLICY] | add'; }

# checked LABEL REPEAT IAM_PORT: records the consistency of a finished run; returns 1 on a fault.
checked() {
  local label=$1 repeat=$2 iam=$3 result grants succeeded not_succeeded lost unrecorded doubly wrong dups of_failed
  result=$(check_policies "$iam" "$BENCH_LOGS/$label-r$repeat")
  read -r grants succeeded not_succeeded lost unrecorded doubly wrong dups of_failed <<<"$result"
  record "$label.grants" "$repeat" "$grants"
  record "$label.succeeded_share" "$repeat" "$(calc "$succeeded / $grants")"
  record "$label.not_succeeded" "$repeat" "$not_succeeded"
  record "$label.lost_or_duplicated" "$repeat" $((lost + unrecorded + doubly + wrong + dups))
  record "$label.held_of_failed" "$repeat" "$of_failed"
  record "all.lost_or_duplicated" "$repeat" $((lost + unrecorded + doubly + wrong + dups))
  log "$label r$repeat: grants $grants, not SUCCEEDED $not_succeeded; policies lost $lost, unrecorded $unrecorded, doubly recorded $doubly, without their mark $wrong, duplicates held $dups; held for a FAILED row $of_failed"
  [ "$not_succeeded" = 0 ] && [ $((lost + unrecorded + doubly + wrong + dups + of_failed)) = 0 ]
}

# worker_time TOKEN PORT...: the broker's own timers summed over its instances, one line:
# claim rounds (count, seconds), recordings of outcomes and deferrals (count, seconds), and IAM's
# create and read-back exchanges as the broker timed them (seconds).
worker_time() {
  local token=$1 port
  shift
  for port in "$@"; do
    curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/actuator/prometheus"
  done | awk '
    /^s2s_worker_claim_rounds_seconds_count/ { rc += $NF } /^s2s_worker_claim_rounds_seconds_sum/ { rs += $NF }
    /^s2s_worker_records_seconds_count/ { wc += $NF } /^s2s_worker_records_seconds_sum/ { ws += $NF }
    /^s2s_iam_requests_seconds_sum/ && /operation="(create_policy|get_policy)"/ { is += $NF }
    END { printf "%d %.6f %d %.6f %.6f\n", rc, rs, wc, ws, is }'
}

# batch_run LABEL REPEAT BUDGET ACCOUNTS INSTANCES [stand-in options...]: one run of a batch
# scenario, the broker arguments in the array broker_args; stops what it started, leaves the
# database (the baseline reads it).
batch_run() {
  local label=$1 repeat=$2 budget=$3 n=$4 instances=$5
  shift 5
  log "$label r$repeat: $n accounts, budget $budget, $instances instance(s)"
  fresh_database
  start_standin "$label-r$repeat-iam" "$iam_port" --latency="$latency" "$@"
  local pids=() i port
  for i in $(seq 0 $((instances - 1))); do
    start_broker "$label-r$repeat-$i" $((port_base + i)) "$iam_port" --broker.worker.max-concurrency="$budget" "${broker_args[@]}"
    pids+=("$broker_pid")
  done
  for i in $(seq 0 $((instances - 1))); do await_broker "$label-r$repeat-$i" $((port_base + i)) "${pids[$i]}"; done
  log "$label r$repeat: ready"
  local token
  token=$(caller_token "$iam_port")
  "$intent_lines" "$warmup_accounts" >"$BENCH_LOGS/$label-r$repeat.warmup"
  post_batches "$port_base" "$token" "$BENCH_LOGS/$label-r$repeat.warmup" "$intent_body"
  await_policies "$(policy_rows)" "$deadline" || true
  "$intent_lines" "$n" >"$BENCH_LOGS/$label-r$repeat.accounts"
  local s0 s1 t0 tr t1 finished=1 before after cpu0 cpu1 w0 w1 ports=()
  for i in $(seq 0 $((instances - 1))); do ports+=($((port_base + i))); done
  before=$(policy_rows)
  w0=$(worker_time "$token" "${ports[@]}")
  s0=$(standin_stats "$iam_port")
  cpu0=$(cpu_ticks "${pids[@]}")
  t0=$(now)
  post_batches "$port_base" "$token" "$BENCH_LOGS/$label-r$repeat.accounts" "$intent_body"
  tr=$(now)
  after=$(policy_rows)
  await_policies "$after" "$deadline" || finished=0
  t1=$(now)
  cpu1=$(cpu_ticks "${pids[@]}")
  s1=$(standin_stats "$iam_port")
  w1=$(worker_time "$token" "${ports[@]}")
  echo "$s1" >"$BENCH_LOGS/$label-r$repeat.stats.json"
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  local seconds calls busy policies=$((after - before))
  seconds=$(calc "$t1 - $t0")
  calls=$(($(policy_calls <<<"$s1") - $(policy_calls <<<"$s0")))
  busy=$(($(jq .policyCallMillis <<<"$s1") - $(jq .policyCallMillis <<<"$s0")))
  record "$label.finished" "$repeat" "$finished"
  record "$label.seconds" "$repeat" "$seconds"
  record "$label.recording_seconds" "$repeat" "$(calc "$tr - $t0")"
  record "$label.policies" "$repeat" "$policies"
  record "$label.policies_per_s" "$repeat" "$(calc "$policies / $seconds")"
  record "$label.calls_per_s" "$repeat" "$(calc "$calls / $seconds")"
  record "$label.utilisation" "$repeat" "$(calc "$calls / $seconds * $latency_ms / 1000 / $budget")"
  record "$label.of_ideal" "$repeat" "$(calc "$policies / $seconds / ($budget * 1000 / $latency_ms)")"
  record "$label.in_flight_avg" "$repeat" "$(calc "$busy / 1000 / $seconds")"
  record "$label.most_in_flight" "$repeat" "$(jq .mostPolicyCallsInFlight <<<"$s1")"
  [ "$policies" -gt 0 ] && record "$label.cpu_per_1000" "$repeat" "$(calc "($cpu1 - $cpu0) / $clock_ticks / $policies * 1000")"
  # A slot's time per policy, and what the broker timed of it: IAM's exchanges, its records.
  local rc0 rs0 wc0 ws0 is0 rc1 rs1 wc1 ws1 is1
  read -r rc0 rs0 wc0 ws0 is0 <<<"$w0"
  read -r rc1 rs1 wc1 ws1 is1 <<<"$w1"
  if [ "$policies" -gt 0 ] && [ "$rc1" -gt "$rc0" ] && [ "$wc1" -gt "$wc0" ]; then
    record "$label.slot_ms" "$repeat" "$(calc "$budget * $seconds * 1000 / $policies")"
    record "$label.iam_ms" "$repeat" "$(calc "($is1 - $is0) * 1000 / $policies")"
    record "$label.records_ms" "$repeat" "$(calc "($ws1 - $ws0) * 1000 / $policies")"
    record "$label.record_mean_ms" "$repeat" "$(calc "($ws1 - $ws0) * 1000 / ($wc1 - $wc0)")"
    record "$label.claim_round_ms" "$repeat" "$(calc "($rs1 - $rs0) * 1000 / ($rc1 - $rc0)")"
    record "$label.policies_per_round" "$repeat" "$(calc "$policies / ($rc1 - $rc0)")"
  fi
  # Tokens over the whole run, the warm-up included (where most accounts are first met).
  record "$label.assumes" "$repeat" "$(jq '.tokensIssued.assume // 0' <<<"$s1")"
  record "$label.apikey_exchanges" "$repeat" "$(jq '.tokensIssued.apikey // 0' <<<"$s1")"
  log "$label r$repeat: $policies policies, $(calc "$policies / $seconds") policies/s, $(calc "$calls / $seconds") IAM policy calls/s in ${seconds}s; most in flight $(jq .mostPolicyCallsInFlight <<<"$s1"); answers $(jq -c .answers <<<"$s1")"
  checked "$label" "$repeat" "$iam_port" || true
  stop_pid "$standin_pid"
}

# What a batch run grants: lines made by the function intent_lines N, each an intent by the
# function intent_body FILE. By default N accounts granted vpc-backup (4 policies each).
intent_lines=accounts
intent_body=batch_body

# dns_intents N: N intents of vpe-dns-sharing (one policy each, created in the hub's account), with a
# random spoke account and hub VPC each, and the hub in one of $hub_accounts (a file of account ids,
# one a line), round robin.
dns_intents() {
  local n=$1
  paste -d' ' <(accounts "$n") \
    <(awk -v n="$n" '{ hub[c++] = $1 } END { for (i = 0; i < n; i++) print hub[i % c] }' "$hub_accounts") \
    <(od -An -tx1 -v -N $((16 * n)) /dev/urandom | tr -d ' \n' | fold -w32 |
      sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/r006-\1-\2-\3-\4-\5/')
}

# baseline REPEAT: the first documents the budget-64 run recorded, one at a time, on a fresh stand-in.
baseline() {
  local repeat=$1 line
  sql "select document from grant_policies order by grant_id, ordinal limit $baseline_policies" \
    >"$BENCH_LOGS/baseline-r$repeat.jsonl"
  start_standin "baseline-r$repeat-iam" "$baseline_port" --latency="$latency"
  line=$("$BENCH_JAVA" bench/SequentialClient.java "http://127.0.0.1:$baseline_port" "$BENCH_API_KEY" \
    "$BENCH_LOGS/baseline-r$repeat.jsonl")
  stop_pid "$standin_pid"
  log "baseline r$repeat: $line"
  local rate
  rate=$(sed -E 's/.*policiesPerSecond=([0-9.]+).*/\1/' <<<"$line")
  record baseline.policies_per_s "$repeat" "$rate"
}

# wrk_run NAME REPEAT SECONDS SCRIPT URL [env...]: one wrk run, its line kept; prints the WRK line.
wrk_run() {
  local name=$1 repeat=$2 seconds=$3 script=$4 url=$5
  shift 5
  env "$@" wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "$url" >"$BENCH_LOGS/http-r$repeat.$name.wrk" 2>&1
  grep '^WRK ' "$BENCH_LOGS/http-r$repeat.$name.wrk"
}
field() { sed -E "s/.* $1=([^ ]+).*/\\1/" <<<"$2"; }

http_run() {
  local repeat=$1 port=$port_base
  log "http r$repeat: wrk, 16 connections, ${http_seconds}s each$([ "$repeat" -le "$rss_repeats" ] && echo "; then RSS after $rss_grants grants")"
  fresh_database
  start_standin "http-r$repeat-iam" "$iam_port" --latency="$latency"
  start_broker "http-r$repeat" "$port" "$iam_port" --broker.worker.max-concurrency=64 --broker.worker.cluster-max-concurrency=64
  local broker=$broker_pid
  await_broker "http-r$repeat" "$port" "$broker"
  local token
  token=$(caller_token "$iam_port")
  accounts "$warmup_accounts" >"$BENCH_LOGS/http-r$repeat.warmup"
  post_batches "$port" "$token" "$BENCH_LOGS/http-r$repeat.warmup"
  await_policies "$(policy_rows)" "$deadline" || true
  local id live get post nonce
  id=$(sql "select id from grants limit 1")
  nonce=$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
  wrk_run liveness-warmup "$repeat" 3 bench/wrk/get.lua "http://127.0.0.1:$port/actuator/health/liveness" >/dev/null
  wrk_run grant-warmup "$repeat" 3 bench/wrk/get.lua "http://127.0.0.1:$port/v1/grants/$id" BENCH_TOKEN="$token" >/dev/null
  live=$(wrk_run liveness "$repeat" "$http_seconds" bench/wrk/get.lua "http://127.0.0.1:$port/actuator/health/liveness")
  get=$(wrk_run grant "$repeat" "$http_seconds" bench/wrk/get.lua "http://127.0.0.1:$port/v1/grants/$id" BENCH_TOKEN="$token")
  wrk_run post-warmup "$repeat" 3 bench/wrk/post-grants.lua "http://127.0.0.1:$port" BENCH_TOKEN="$token" BENCH_NONCE="${nonce}" >/dev/null
  nonce=$(od -An -tx1 -N4 /dev/urandom | tr -d ' \n')
  post=$(wrk_run post "$repeat" "$http_seconds" bench/wrk/post-grants.lua "http://127.0.0.1:$port" BENCH_TOKEN="$token" BENCH_NONCE="$nonce")
  log "http r$repeat: liveness $live"
  log "http r$repeat: GET grant $get"
  log "http r$repeat: POST grants $post"
  record http.liveness_rps "$repeat" "$(field rps "$live")"
  record http.liveness_p99_ms "$repeat" "$(field p99_ms "$live")"
  record http.get_rps "$repeat" "$(field rps "$get")"
  record http.get_vs_liveness "$repeat" "$(calc "$(field rps "$get") / $(field rps "$live")")"
  record http.get_p99_ms "$repeat" "$(field p99_ms "$get")"
  record http.get_errors "$repeat" $(($(field non2xx3xx "$get") + $(field socket_errors "$get")))
  record http.post_rps "$repeat" "$(field rps "$post")"
  record http.post_p99_ms "$repeat" "$(field p99_ms "$post")"
  record http.post_not_created "$repeat" $(($(field not_created "$post") + $(field socket_errors "$post")))

  # Up to rss_grants grants in this instance, then its resident memory once all are final.
  local rss_run=false have
  [ "$repeat" -le "$rss_repeats" ] && rss_run=true
  have=$(sql "select count(*) from grants")
  if $rss_run && [ "$have" -lt "$rss_grants" ]; then
    accounts $((rss_grants - have)) >"$BENCH_LOGS/http-r$repeat.rss-accounts"
    post_batches "$port" "$token" "$BENCH_LOGS/http-r$repeat.rss-accounts"
    have=$(sql "select count(*) from grants")
  fi
  await_policies "$(policy_rows)" "$deadline" || true
  standin_stats "$iam_port" >"$BENCH_LOGS/http-r$repeat.stats.json"
  if $rss_run; then
    local rss hwm
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$broker/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$broker/status")
    record rss.grants "$repeat" "$have"
    record rss.vmrss_mb "$repeat" "$(calc "$rss / 1024")"
    record rss.vmhwm_mb "$repeat" "$(calc "$hwm / 1024")"
    log "http r$repeat: $have grants; VmRSS $((rss / 1024)) MB, VmHWM $((hwm / 1024)) MB"
  fi
  stop_pid "$broker"
  checked http "$repeat" "$iam_port" || true
  stop_pid "$standin_pid"
}

# summary METRIC -> "min median max n"
summary() {
  awk -F'\t' -v m="$1" '$1 == m { print $3 }' "$measurements" | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR == 0) { print "- - - 0"; exit }
          med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          print v[1], med, v[NR], NR }'
}
# met METRIC OP THRESHOLD -> "k/n" repeats meeting the target
met() {
  awk -F'\t' -v m="$1" -v op="$2" -v t="$3" '$1 == m { n++; if ((op == "ge" && $3 >= t) || (op == "le" && $3 <= t) || (op == "eq" && $3 == t)) k++ }
    END { printf "%s %d/%d", (n && k == n ? "yes" : "no"), k, n }' "$measurements"
}
fmt() {
  local kind=$1 value=$2
  [ "$value" = - ] && { echo -; return; }
  case $kind in
    pct) awk -v v="$value" 'BEGIN { printf "%.1f%%", v * 100 }' ;;
    x) awk -v v="$value" 'BEGIN { printf "%.1f×", v }' ;;
    ms) awk -v v="$value" 'BEGIN { printf "%.1f ms", v }' ;;
    mb) awk -v v="$value" 'BEGIN { printf "%.0f MB", v }' ;;
    int) awk -v v="$value" 'BEGIN { printf "%d", v }' ;;
    rate) awk -v v="$value" 'BEGIN { printf "%.1f", v }' ;;
    s) awk -v v="$value" 'BEGIN { printf "%.1f s", v }' ;;
  esac
}
# row SCENARIO TARGET METRIC KIND [OP THRESHOLD]
row() {
  local scenario=$1 target=$2 metric=$3 kind=$4 op=${5:-} threshold=${6:-}
  read -r lo mid hi n <<<"$(summary "$metric")"
  [ "$n" = 0 ] && return 0
  local verdict=—
  [ -n "$op" ] && verdict=$(met "$metric" "$op" "$threshold")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$scenario" "$target" "$(fmt "$kind" "$lo")" "$(fmt "$kind" "$mid")" "$(fmt "$kind" "$hi")" "$verdict"
}
# A derived metric per repeat: ratio of two metrics of the same repeat.
ratio() {
  local out=$1 numerator=$2 denominator=$3
  local derived
  derived=$(awk -F'\t' -v a="$numerator" -v b="$denominator" -v out="$out" '
    $1 == a { x[$2] = $3 } $1 == b { y[$2] = $3 }
    END { for (r in x) if ((r in y) && y[r] > 0) printf "%s\t%s\t%.6g\n", out, r, x[r] / y[r] }' "$measurements")
  [ -z "$derived" ] || echo "$derived" >>"$measurements"
}

machine() {
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), commit $sha"
  echo "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
  echo "- JDK: $("$BENCH_JAVA" -version 2>&1 | head -2 | tail -1); broker JVM options: $BENCH_JVM_OPTS"
  echo "- PostgreSQL: $(psql_admin -c 'show server_version')"
  echo "- wrk: $({ wrk --version 2>&1 || true; } | head -1 | cut -d' ' -f1-2)"
  echo "- IAM stand-in latency $latency_ms ms on every policy call and role listing; accounts $accounts, repeats $repeats"
}

build
ensure_postgres

if $quick; then
  # CI: faults on, 2 replicas with a cluster budget of 16, IAM at 20 ms. The retry budget is raised
  # (12 attempts, pauses of at most 2 s): with about a third of the calls failing (20% 5xx, 5%
  # resets, 429s a tenth of the time) one fails 6 times in a row about once in 800, so with the
  # default 6 attempts a grant would end FAILED now and then by bad luck alone; this run is about
  # losing or duplicating nothing, which more attempts cannot hide.
  broker_args=(--broker.worker.cluster-max-concurrency=16 --broker.iam.retry.max-attempts=12 --broker.iam.retry.max-backoff=2s)
  warmup_accounts=10
  latency=20ms
  latency_ms=20
  batch_run quick 1 16 200 2 --server-errors=0.2 --resets=0.05 --lost-answers=0.5 --throttle-every=5s --throttle-for=500ms
  read -r _ not_succeeded _ _ <<<"$(summary quick.not_succeeded)"
  read -r _ faulty _ _ <<<"$(summary quick.lost_or_duplicated)"
  read -r _ of_failed _ _ <<<"$(summary quick.held_of_failed)"
  read -r _ rate _ _ <<<"$(summary quick.policies_per_s)"
  read -r _ policies _ _ <<<"$(summary quick.policies)"
  read -r _ most _ _ <<<"$(summary quick.most_in_flight)"
  # The check proves something only if answers of created policies were lost (about 2.5% of ~900).
  lost_answers=$(jq '.answers["CREATE_POLICY lost"] // 0' "$BENCH_LOGS/quick-r1.stats.json")
  echo "bench/run.sh --quick: 200 accounts ($policies policies) with faults on 2 replicas: $not_succeeded grants not SUCCEEDED, $faulty policies lost or duplicated ($lost_answers answers of created policies lost by IAM); $(fmt rate "$rate") policies/s, at most $most IAM policy calls in flight (timings not checked); $(($(date +%s) - started)) s in all"
  if [ "$lost_answers" = 0 ]; then
    echo "FATAL: the stand-in lost no answer of a created policy; the run checked nothing (logs in $BENCH_LOGS)" >&2
    exit 1
  fi
  if [ "$not_succeeded" != 0 ] || [ "$faulty" != 0 ] || [ "$of_failed" != 0 ]; then
    echo "FATAL: a policy was lost or duplicated, or a grant did not succeed; logs in $BENCH_LOGS, database $BENCH_DB" >&2
    exit 1
  fi
  psql_admin -c "drop database $BENCH_DB with (force)"
  rm -rf "$BENCH_LOGS"
  exit 0
fi

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null; }
broker_args=()
for repeat in $(seq 1 "$repeats"); do
  if [[ ,$only, == *,batch,* ]] || [[ ,$only, == *,faults,* ]]; then
    for budget in $budgets; do
      [[ ,$only, == *,batch,* ]] || [ "$budget" = "$fault_budget" ] || continue
      # One instance: the cluster's budget is the instance's (its default, 32, would cap 64).
      broker_args=(--broker.worker.cluster-max-concurrency="$budget")
      batch_run "batch-$budget" "$repeat" "$budget" "$accounts" 1
      if [ "$budget" = 64 ] && [[ ,$only, == *,batch,* ]]; then baseline "$repeat"; fi
    done
  fi
  if [[ ,$only, == *,faults,* ]]; then
    broker_args=(--broker.worker.cluster-max-concurrency="$fault_budget")
    batch_run faults "$repeat" "$fault_budget" "$accounts" 1 "${faults[@]}"
  fi
  if [[ ,$only, == *,accounts,* ]]; then
    broker_args=(--broker.worker.cluster-max-concurrency=32)
    hub_accounts="$BENCH_LOGS/home.accounts"
    echo "$STANDIN_HOME_ACCOUNT" >"$hub_accounts"
    intent_lines=dns_intents intent_body=dns_batch_body
    batch_run accounts-home "$repeat" 32 $((accounts * 4)) 1
    hub_accounts="$BENCH_LOGS/spread.accounts"
    accounts "$spread_accounts" >"$hub_accounts"
    batch_run "accounts-$spread_accounts" "$repeat" 32 $((accounts * 4)) 1
    intent_lines=accounts intent_body=batch_body
  fi
  if [[ ,$only, == *,replicas,* ]]; then
    broker_args=(--broker.worker.cluster-max-concurrency=16)
    batch_run replicas-cluster "$repeat" 16 "$replica_accounts" 3
    # No cluster budget to speak of: 3 x 16 fit under it.
    broker_args=(--broker.worker.cluster-max-concurrency=48)
    batch_run replicas-each "$repeat" 16 "$replica_accounts" 3
  fi
  if [[ ,$only, == *,http,* ]]; then
    http_run "$repeat"
  fi
done

ratio baseline.ratio batch-64.policies_per_s baseline.policies_per_s
ratio faults.vs_fault_free faults.policies_per_s "batch-$fault_budget.policies_per_s"
# Points of utilisation lost by spreading the policies over many accounts, each its own identity.
while IFS=$'\t' read -r repeat home; do
  spread=$(awk -F'\t' -v r="$repeat" -v m="accounts-$spread_accounts.utilisation" '$1 == m && $2 == r { print $3 }' "$measurements")
  [ -n "$spread" ] && record accounts.utilisation_points_lost "$repeat" "$(calc "($home - $spread) * 100")"
done < <(awk -F'\t' '$1 == "accounts-home.utilisation" { print $2 "\t" $3 }' "$measurements")

{
  echo "# s2s-broker benchmark, $day"
  echo
  machine
  echo "- wall clock: $(($(date +%s) - started)) s"
  echo
  echo "| scenario | target | min | median | max | met? |"
  echo "|---|---|---|---|---|---|"
  for budget in $budgets; do
    target=0.9
    [ "$budget" -ge 64 ] && target=0.75
    read -r _ policies _ _ <<<"$(summary "batch-$budget.policies")"
    row "$accounts accounts \`vpc-backup\` by batch ($policies policies), IAM $latency_ms ms, budget $budget: utilisation (IAM policy calls/s × latency ÷ budget)" "≥ $(fmt pct $target)" "batch-$budget.utilisation" pct ge "$target"
  done
  for budget in $budgets; do
    row "same, budget $budget: broker CPU (user + system, /proc) per 1,000 policies" "—" "batch-$budget.cpu_per_1000" s
  done
  row "same, budget 64, against a sequential one-policy-at-a-time client ($baseline_policies policies): policies/s ratio" "≥ 30×" baseline.ratio x ge 30
  row "same, budget $fault_budget, with 20% 5xx, 5% resets (half after the work), 1 s of 429 every 10 s: grants SUCCEEDED" "100%" faults.succeeded_share pct ge 1
  row "same with faults: policies lost or duplicated (lost, unrecorded, recorded twice, without their mark, duplicates in IAM)" "0" faults.lost_or_duplicated int eq 0
  row "same with faults: policies/s vs fault-free at budget $fault_budget" "≥ 60%" faults.vs_fault_free pct ge 0.6
  read -r _ spread_assumes _ _ <<<"$(summary "accounts-$spread_accounts.assumes")"
  row "$((accounts * 4)) \`vpe-dns-sharing\` policies, budget 32, hubs in the home account: utilisation" "—" accounts-home.utilisation pct
  row "same, hubs spread over $spread_accounts child accounts, each its own trusted profile ($spread_assumes assumes): utilisation" "—" "accounts-$spread_accounts.utilisation" pct
  row "same: utilisation points lost to acting as $spread_accounts identities" "≤ 5" accounts.utilisation_points_lost rate le 5
  row "3 replicas on one PostgreSQL, cluster budget 16 ($replica_accounts accounts): most IAM policy calls in flight" "≤ 16" replicas-cluster.most_in_flight int le 16
  row "3 replicas without a cluster budget (16 each): most IAM policy calls in flight" "—" replicas-each.most_in_flight int
  row "\`GET /v1/grants/{id}\` vs liveness probe, 16 connections: throughput ratio" "≥ 70%" http.get_vs_liveness pct ge 0.7
  row "\`GET /v1/grants/{id}\`, 16 connections: p99" "≤ 20 ms" http.get_p99_ms ms le 20
  row "\`POST /v1/grants\` new intents, 16 connections: p99" "≤ 50 ms" http.post_p99_ms ms le 50
  row "RSS after $rss_grants grants (VmRSS; runs: BENCH_RSS_REPEATS)" "≤ 512 MB" rss.vmrss_mb mb le 512
  row "every run: policies lost or duplicated" "0" all.lost_or_duplicated int eq 0
  echo
  echo "Details (min / median / max over the repeats):"
  echo
  echo "| measure | min | median | max |"
  echo "|---|---|---|---|"
  detail() { read -r lo mid hi n <<<"$(summary "$2")"; [ "$n" = 0 ] || printf '| %s | %s | %s | %s |\n' "$1" "$(fmt "$3" "$lo")" "$(fmt "$3" "$mid")" "$(fmt "$3" "$hi")"; }
  for label in $(for b in $budgets; do echo "batch-$b"; done) faults accounts-home "accounts-$spread_accounts" replicas-cluster replicas-each; do
    detail "$label: seconds from the first POST until every policy was final" "$label.seconds" s
    detail "$label: of which answering the POSTs of the batches" "$label.recording_seconds" s
    detail "$label: policies" "$label.policies" int
    detail "$label: policies/s" "$label.policies_per_s" rate
    detail "$label: IAM policy calls/s (stand-in)" "$label.calls_per_s" rate
    detail "$label: average policy calls in flight (stand-in)" "$label.in_flight_avg" rate
    detail "$label: policies/s ÷ (budget ÷ latency)" "$label.of_ideal" pct
    detail "$label: most policy calls in flight" "$label.most_in_flight" int
    detail "$label: broker CPU per 1,000 policies (user + system, every instance)" "$label.cpu_per_1000" s
    detail "$label: a slot's time per policy (budget × seconds ÷ policies)" "$label.slot_ms" ms
    detail "$label: of which IAM's policy calls, as the broker timed them (s2s_iam_requests)" "$label.iam_ms" ms
    detail "$label: of which recording outcomes and deferrals (s2s_worker_records)" "$label.records_ms" ms
    detail "$label: one recording, mean" "$label.record_mean_ms" ms
    detail "$label: one claim round, mean (s2s_worker_claim_rounds)" "$label.claim_round_ms" ms
    detail "$label: policies per claim round" "$label.policies_per_round" rate
    detail "$label: tokens IAM issued by the assume grant in the run (one per account with a profile)" "$label.assumes" int
    detail "$label: API-key token exchanges in the run (the bench's caller token included)" "$label.apikey_exchanges" int
    detail "$label: grants not SUCCEEDED" "$label.not_succeeded" int
    detail "$label: policies IAM holds for a row recorded FAILED (a retry of the grant adopts them)" "$label.held_of_failed" int
  done
  detail "baseline: sequential client policies/s" baseline.policies_per_s rate
  detail "GET /actuator/health/liveness requests/s" http.liveness_rps rate
  detail "GET /actuator/health/liveness p99" http.liveness_p99_ms ms
  detail "GET /v1/grants/{id} requests/s" http.get_rps rate
  detail "GET /v1/grants/{id} errors (non-2xx, socket)" http.get_errors int
  detail "POST /v1/grants requests/s" http.post_rps rate
  detail "POST /v1/grants answers other than 202 (and socket errors)" http.post_not_created int
  detail "grants in the instance when RSS was read" rss.grants int
  detail "VmHWM (peak RSS)" rss.vmhwm_mb mb
  echo
  echo "Raw measurements (metric, repeat, value):"
  echo
  echo '```'
  sort -k1,1 -k2,2n "$measurements"
  echo '```'
  echo
  echo "Stand-in counters at the end of each run:"
  echo
  echo '```'
  for f in "$BENCH_LOGS"/*.stats.json; do [ -f "$f" ] && echo "${f##*/}: $(jq -c . "$f")"; done
  echo '```'
  echo
  echo "wrk output:"
  echo
  echo '```'
  for f in "$BENCH_LOGS"/http-r*.{liveness,grant,post}.wrk; do [ -f "$f" ] && { echo "== ${f##*/}"; cat "$f"; }; done
  echo '```'
} >"$report"
cat "$report"
log "written $report (logs in $BENCH_LOGS)"
