# Shared by the bench scripts (sourced, from the repository root): the production jar on JDK 25
# against PostgreSQL on 127.0.0.1:5432 in a database of the bench's own, and the IAM stand-in as a
# process of its own. Everything is started in a session (process group) of its own, remembered, and
# stopped by its id (stop_all, on exit): never by name, never anything else on the machine.
#
# Settings (environment): BENCH_JAVA (JDK 25's java), BENCH_JVM_OPTS (the broker's JVM),
# BENCH_LOGS (where logs go; set by the caller).

BENCH_JAVA=${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# As the container runs it under the Helm chart's 1 GiB limit: MaxRAMPercentage=75 of 1 GiB.
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:--Xmx768m -XX:+ExitOnOutOfMemoryError}
BENCH_API_KEY=s2s-broker-bench-key
# The stand-in's home account: where its API key's service ID acts without assuming a profile. Every
# other account has the profile s2s-broker (its enterprise template), which the brokers here assume.
STANDIN_HOME_ACCOUNT=e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0
PG_HOST=127.0.0.1
PG_PORT=5432

started_pids=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { log "FATAL: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

broker_jar() {
  local f
  for f in target/s2s-broker-*.jar; do [ -f "$f" ] && echo "$f" && return 0; done
  return 0
}

# Builds the jar (and compiles the stand-in) unless target/ is newer than every source; writes the
# test classpath the stand-in runs with.
build() {
  local jar built
  jar=$(broker_jar)
  # Maven leaves the jar alone when only test code changed: the last build of ours, if later, counts.
  built=$jar
  [ -n "$jar" ] && [ target/bench-build.stamp -nt "$jar" ] && built=target/bench-build.stamp
  if [ -z "$jar" ] || [ ! -d target/test-classes ] || [ -n "$(find src pom.xml -newer "$built" -print -quit)" ]; then
    log "building the jar: ./mvnw -B -ntp -q -DskipTests package"
    ./mvnw -B -ntp -q -DskipTests package
    touch target/bench-build.stamp
    jar=$(broker_jar)
  else
    log "reusing $jar (newer than src/ and pom.xml)"
  fi
  if [ ! -s target/bench-classpath ] || [ pom.xml -nt target/bench-classpath ]; then
    ./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath
  fi
  BROKER_JAR=$jar
  STANDIN_CP="target/test-classes:target/classes:$(cat target/bench-classpath)"
}

# Starts PostgreSQL when nothing listens on 5432 (and leaves it running afterwards, as .ci/run does:
# it is the machine's database server, not the bench's).
ensure_postgres() {
  if ! port_open "$PG_PORT"; then
    log "PostgreSQL is not listening on $PG_HOST:$PG_PORT; starting it"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
    for _ in $(seq 1 30); do port_open "$PG_PORT" && break; sleep 1; done
  fi
  port_open "$PG_PORT" || fail "PostgreSQL is not reachable on $PG_HOST:$PG_PORT"
}

psql_admin() { PGOPTIONS='-c client_min_messages=warning' psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
# One query against the bench's database; fields separated by tabs.
sql() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$BENCH_DB" -v ON_ERROR_STOP=1 -qtA -F $'\t' -c "$1"; }

# Drops and creates the bench's own database (never one that others use).
fresh_database() {
  case "$BENCH_DB" in
    s2s_bench*) ;;
    *) fail "refusing to drop database '$BENCH_DB': the bench only uses databases named s2s_bench*" ;;
  esac
  psql_admin -c "drop database if exists $BENCH_DB with (force)" -c "create database $BENCH_DB"
}

# start_process NAME COMMAND...: in a session of its own, output to $BENCH_LOGS/NAME.log; sets $pid.
start_process() {
  local name=$1
  shift
  setsid "$@" >"$BENCH_LOGS/$name.log" 2>&1 &
  pid=$!
  started_pids+=("$pid")
}

# Stops one started process group: TERM, then KILL after 30 s.
stop_pid() {
  local target=$1
  kill -TERM -- "-$target" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 -- "-$target" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$target" 2>/dev/null || true
  wait "$target" 2>/dev/null || true
  local kept=()
  for p in "${started_pids[@]}"; do [ "$p" = "$target" ] || kept+=("$p"); done
  started_pids=("${kept[@]}")
}

stop_all() {
  local p
  for p in "${started_pids[@]}"; do stop_pid "$p"; done
}

# start_standin NAME PORT [StandInServer options...]: sets $standin_pid; waits until it answers.
start_standin() {
  local name=$1 port=$2
  shift 2
  port_open "$port" && fail "port $port is taken; set BENCH_PORT_BASE to move the bench's ports"
  start_process "$name" "$BENCH_JAVA" -Xmx1g -XX:+ExitOnOutOfMemoryError -cp "$STANDIN_CP" \
    bench/StandIn.java --port="$port" --api-key="$BENCH_API_KEY" "$@"
  standin_pid=$pid
  await_answer "$name" "http://127.0.0.1:$port/stand-in/stats" "$standin_pid" 30 "the IAM stand-in $name did not start"
}

# start_broker NAME PORT STANDIN_PORT [Spring arguments...]: the jar against the bench's database
# and the stand-in, every caller with the stand-in's service ID allowed everything; sets
# $broker_pid. Wait for it with await_broker.
start_broker() {
  local name=$1 port=$2 iam=$3
  shift 3
  port_open "$port" && fail "port $port is taken; set BENCH_PORT_BASE to move the bench's ports"
  local jvm_opts
  read -ra jvm_opts <<<"$BENCH_JVM_OPTS"
  start_process "$name" env SPRING_DATASOURCE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$BENCH_DB" \
    SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
    "$BENCH_JAVA" "${jvm_opts[@]}" -jar "$BROKER_JAR" \
    --server.port="$port" \
    --broker.iam.url="http://127.0.0.1:$iam" \
    --broker.iam.api-key="$BENCH_API_KEY" \
    --broker.iam.accounts.default-profile-name=s2s-broker \
    --spring.security.oauth2.resourceserver.jwt.issuer-uri="http://127.0.0.1:$iam/identity" \
    --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$iam/identity/keys" \
    --broker.access.callers[0].name=bench \
    --broker.access.callers[0].subjects[0]=iam-ServiceId-standin \
    --broker.access.callers[0].operations=READ,PLAN,GRANT,REVOKE,BULK,METRICS \
    '--broker.access.callers[0].recipes=*' \
    '--broker.access.callers[0].accounts=*' \
    --broker.worker.instance-id="bench-$name" \
    "$@"
  # shellcheck disable=SC2034 # for the caller
  broker_pid=$pid
}

# await_broker NAME PORT PID: until its readiness probe answers UP.
await_broker() {
  await_answer "$1" "http://127.0.0.1:$2/actuator/health/readiness" "$3" 120 "the broker $1 did not become ready on port $2"
}

# await_answer NAME URL PID SECONDS FAILURE: until URL answers 2xx; fails with the end of NAME's log
# and FAILURE when process PID ends first or SECONDS pass.
await_answer() {
  local name=$1 url=$2 target=$3 seconds=$4 failure=$5
  for _ in $(seq 1 $((seconds * 10))); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$target" 2>/dev/null || break
    sleep 0.1
  done
  tail -40 "$BENCH_LOGS/$name.log" >&2
  fail "$failure"
}

# A caller token: the stand-in issues it to its API key's service ID (iam-ServiceId-standin).
caller_token() {
  curl -sf "http://127.0.0.1:$1/identity/token" -d grant_type=urn:ibm:params:oauth:grant-type:apikey \
    -d apikey="$BENCH_API_KEY" | jq -er .access_token
}

standin_stats() { curl -sf "http://127.0.0.1:$1/stand-in/stats"; }

# N random account ids, one a line.
accounts() { od -An -tx1 -v -N $((16 * $1)) /dev/urandom | tr -d ' \n' | fold -w32; echo; }

# batch_body FILE: the accounts in FILE (one a line) as POST /v1/grant-batches intents of vpc-backup.
batch_body() {
  awk 'BEGIN { printf "{\"intents\":[" }
       NF { printf "%s{\"recipe\":\"vpc-backup\",\"parameters\":{\"accountId\":\"%s\"}}", (n++ ? "," : ""), $1 }
       END { printf "]}" }' "$1"
}

# dns_batch_body FILE: the lines "SPOKE HUB VPC" of FILE as POST /v1/grant-batches intents of
# vpe-dns-sharing: one policy each, created in the hub's account.
dns_batch_body() {
  awk 'BEGIN { printf "{\"intents\":[" }
       NF { printf "%s{\"recipe\":\"vpe-dns-sharing\",\"parameters\":{\"spokeAccountId\":\"%s\",\"hubAccountId\":\"%s\",\"hubVpcId\":\"%s\"}}", (n++ ? "," : ""), $1, $2, $3 }
       END { printf "]}" }' "$1"
}

# post_batches PORT TOKEN FILE [BODY]: every account of FILE granted vpc-backup (or each line of FILE
# made an intent by the function BODY), 1000 intents a batch.
post_batches() {
  local port=$1 token=$2 file=$3 body=${4:-batch_body} chunk status
  local parts
  parts=$(mktemp -d)
  split -l 1000 "$file" "$parts/accounts."
  for chunk in "$parts"/accounts.*; do
    "$body" "$chunk" >"$chunk.json"
    status=$(curl -s -o "$chunk.answer" -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' --data-binary @"$chunk.json" "http://127.0.0.1:$port/v1/grant-batches")
    [ "$status" = 202 ] || [ "$status" = 200 ] || { cat "$chunk.answer" >&2; fail "POST /v1/grant-batches answered $status"; }
  done
  rm -rf "$parts"
}

# await_policies EXPECTED DEADLINE_SECONDS: until EXPECTED policy rows exist and each is final
# (CREATED, EXISTED or FAILED); returns 1 at the deadline.
await_policies() {
  local expected=$1 deadline=$(($(date +%s) + $2)) counts
  while :; do
    counts=$(sql "select count(*), count(*) filter (where status in ('CREATED','EXISTED','FAILED')) from grant_policies")
    [ "${counts%%$'\t'*}" -ge "$expected" ] && [ "${counts%%$'\t'*}" = "${counts##*$'\t'}" ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && { log "deadline: policies total/final = ${counts/$'\t'//}, expected $expected"; return 1; }
    sleep 0.1
  done
}

# check_policies STANDIN_PORT OUT_PREFIX: compares what the broker recorded with what the stand-in
# holds. Prints "grants succeeded notSucceeded lost unrecorded doublyRecorded wrongMark duplicates
# heldOfFailed": lost, recorded CREATED or EXISTED but not held; unrecorded, held but recorded by no
# row; wrongMark, a CREATED row whose policy does not carry its grant's mark; heldOfFailed, held and
# marked by a row recorded FAILED (created, its answer lost, the retries then ran out: a retry of
# the grant adopts it by its mark).
check_policies() {
  local iam=$1 out=$2
  sql "select coalesce(iam_policy_id, '-'), grant_id, ordinal, status from grant_policies" >"$out.recorded.tsv"
  # The attempt log of every policy that ended FAILED, kept before the database is dropped.
  sql "select a.grant_id, a.ordinal, a.operation, a.started_at, a.duration_ms, coalesce(a.http_status::text, '-'),
         coalesce(a.error_code, '-') from submission_attempts a join grant_policies p using (grant_id, ordinal)
       where p.status = 'FAILED' order by a.grant_id, a.ordinal, a.id" >"$out.failed-attempts.tsv"
  curl -sf "http://127.0.0.1:$iam/stand-in/policies" | jq -r '.[] | [.id, .description] | @tsv' >"$out.held.tsv"
  local duplicates grants
  duplicates=$(standin_stats "$iam" | jq -r .duplicates)
  grants=$(sql "select count(*), count(*) filter (where status = 'SUCCEEDED') from grants")
  awk -F'\t' -v dups="$duplicates" -v grants="$grants" '
    FILENAME == ARGV[1] { held[$1] = $2; next }
    { mark = "s2s-broker grant " $2 " policy " $3 }
    $4 == "FAILED" { failed[mark] = 1; next }
    $4 == "CREATED" || $4 == "EXISTED" {
      times[$1]++
      if (!($1 in held)) lost++
      else if ($4 == "CREATED" && held[$1] != mark) wrong++ }
    END {
      for (id in held) if (!(id in times)) { if (held[id] in failed) ofFailed++; else unrecorded++ }
      for (id in times) if (times[id] > 1) doubly++
      split(grants, g, "\t")
      printf "%d %d %d %d %d %d %d %d %d\n", g[1], g[2], g[1] - g[2], lost, unrecorded, doubly, wrong, dups, ofFailed
    }' "$out.held.tsv" "$out.recorded.tsv"
}
