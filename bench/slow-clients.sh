#!/usr/bin/env bash
# Unauthenticated slow clients against the whole broker (issue 13): CLIENTS connections that send no
# token and a chunked body of up to 1 MiB at a trickle, all held open at once, while liveness is
# probed. Prints how fast the refusals came, how many connections the broker closed, and liveness
# latency under the flood. The production jar on JDK 25 against PostgreSQL (database
# s2s_bench_slow) and the IAM stand-in process, as bench/run.sh runs them (bench/lib.sh).
# Usage: bench/slow-clients.sh [CLIENTS=500]   (BENCH_JVM_OPTS, e.g. -Xmx512m, and BENCH_JAVA pick the JVM)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-500}
port=${BENCH_PORT:-18182}
iam_port=${BENCH_IAM_PORT:-19182}
BENCH_DB=s2s_bench_slow
BENCH_LOGS=$(mktemp -d)

. bench/lib.sh
trap 'stop_all; rm -rf "$BENCH_LOGS"' EXIT
build
ensure_postgres
fresh_database
start_standin slow-clients-iam "$iam_port"
start_broker slow-clients "$port" "$iam_port"
await_broker slow-clients "$port" "$broker_pid"

python3 - "$port" "$clients" <<'PY'
import socket, sys, time, threading, statistics, urllib.request

port, clients = int(sys.argv[1]), int(sys.argv[2])
chunk = b" " * 65536
head = ("POST /v1/grant-batches HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n").encode()

def frame(data):
    return b"%x\r\n" % len(data) + data + b"\r\n"

answered, closed, latencies, sockets = [], [], [], []
lock = threading.Lock()

def client():
    s = socket.create_connection(("localhost", port), timeout=30)
    sockets.append(s)
    start = time.monotonic()
    s.sendall(head + frame(chunk))
    status = None
    sent = len(chunk)
    s.settimeout(0.5)
    deadline = start + 30
    while time.monotonic() < deadline:
        try:
            data = s.recv(65536)
            if not data:
                with lock:
                    closed.append(1)
                break
            if status is None:
                status = data.split(b" ", 2)[1].decode()
                with lock:
                    answered.append((status, time.monotonic() - start))
        except socket.timeout:
            pass
        except OSError:
            with lock:
                closed.append(1)
            break
        if sent < 1 << 20:
            try:
                s.sendall(frame(chunk))  # one more 64 KiB every half second, never the last chunk
                sent += len(chunk)
            except OSError:
                with lock:
                    closed.append(1)
                break

threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
flood_start = time.monotonic()
for t in threads:
    t.start()
time.sleep(2)
for _ in range(10):
    t0 = time.monotonic()
    try:
        urllib.request.urlopen("http://localhost:%d/actuator/health/liveness" % port, timeout=60).read()
        latencies.append((time.monotonic() - t0) * 1000)
    except Exception:
        latencies.append(float("inf"))
    time.sleep(0.3)
for t in threads:
    t.join(40)
for s in sockets:
    s.close()

times = sorted(a[1] * 1000 for a in answered)
statuses = {}
for status, _ in answered:
    statuses[status] = statuses.get(status, 0) + 1
def pct(values, p):
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")
print()
print("| measure | value |")
print("|---|---|")
print("| unauthenticated slow clients | %d |" % clients)
print("| answered | %d (%s) |" % (len(answered), ", ".join("%s: %d" % kv for kv in sorted(statuses.items()))))
print("| time to the answer p50 / p95 / max | %.0f / %.0f / %.0f ms |" % (pct(times, .5), pct(times, .95), times[-1] if times else float("nan")))
print("| connections closed by the broker | %d |" % len(closed))
print("| liveness under the flood p50 / max (10 probes) | %.0f / %.0f ms |" % (statistics.median(latencies), max(latencies)))
PY
