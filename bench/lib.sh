# Shared by the bench scripts: start the no-setup run on given ports, get a token, stop it again.
# Source it from a script that has cd'ed to the repository root and set port, iam_port and work.
# BENCH_JVM_ARGS (e.g. -Xmx512m) go to the broker's JVM; JAVA_HOME picks the JDK.

# Starts ./mvnw spring-boot:test-run in a session (process group) of its own, so stop_broker stops
# Maven and the broker JVM it forked, and nothing else on the machine.
start_broker() {
  setsid ./mvnw -B -ntp -q spring-boot:test-run \
    -Dspring-boot.run.arguments="--server.port=$port --iam-stand-in.port=$iam_port --logging.level.dev.s2s=WARN" \
    ${BENCH_JVM_ARGS:+"-Dspring-boot.run.jvmArguments=$BENCH_JVM_ARGS"} \
    >"$work/broker.log" 2>&1 &
  runner=$!
  trap 'stop_broker; rm -rf "$work"' EXIT
  for _ in $(seq 1 180); do curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness" && break; sleep 1; done
  curl -sf -o /dev/null "http://localhost:$port/actuator/health/readiness" \
    || { echo "broker did not start" >&2; tail -40 "$work/broker.log" >&2; exit 1; }
  token=$(curl -s "http://localhost:$iam_port/identity/token" -d grant_type=urn:ibm:params:oauth:grant-type:apikey \
    -d apikey=s2s-broker-demo-key | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
}

stop_broker() {
  kill -TERM -- "-$runner" 2>/dev/null || return 0
  for _ in $(seq 1 30); do kill -0 -- "-$runner" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$runner" 2>/dev/null || true
}
