#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end rate of the remote-write sender into a real VictoriaMetrics (docs/benchmarks.md, "Remote-write
# sender").
#
#   scripts/bench/remote-write-sender.sh PORT [DatasetLoader options...]
#   e.g. scripts/bench/remote-write-sender.sh 19970 --points /tmp/synth/points.bin --connections 2
#
# Starts `./tsvdb serve --remote-write-url` on a fresh data directory /tmp/ztsdb-bench-rw (TCP PORT, HTTP
# PORT+1000) while VictoriaMetrics (PORT+2) is still down, loads the dataset with io.ztsdb.bench.e2e.DatasetLoader
# (so the whole set waits in the sender's queue on disk), then starts VictoriaMetrics and times the catch-up:
# from the first sample VictoriaMetrics acknowledges to the last. Prints samples/s, the CPU of the sender's
# threads (/proc/PID/task/*/schedstat) and of the whole server process in that window, VictoriaMetrics' CPU, and
# the load average. Extra sender flags in $RW_FLAGS (e.g. "--remote-write-shards 16"). Needs tsdb-bench/target/benchmarks.jar: ./mvnw -B -q -pl tsdb-bench -am package -DskipTests
set -euo pipefail
port=$1; shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
dir=/tmp/ztsdb-bench-rw; log=$dir.log; vmport=$((port + 2)); web=$((port + 1000))
rm -rf "$dir"; mkdir -p "$dir"
setsid "$here/tsvdb" serve --data-dir "$dir/z" --port "$port" --web-port "$web" \
    --remote-write-url "http://127.0.0.1:$vmport/api/v1/write" ${RW_FLAGS:-} > "$log" 2>&1 &
for _ in $(seq 1 240); do grep -q 'binary protocol' "$log" 2>/dev/null && break; sleep 0.5; done
pid=$(pgrep -f -- "--data-dir $dir/z " | head -1)
cleanup() { kill "$pid" 2>/dev/null || true; [ -n "${vmpid:-}" ] && kill "$vmpid" 2>/dev/null || true; }
trap cleanup EXIT
stat() { curl -s "http://127.0.0.1:$web/stats" | grep -o "\"$1\":[^,}]*" | cut -d: -f2 | tr -d '"'; }
"$JAVA" --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$here/tsdb-bench/target/benchmarks.jar" \
    io.ztsdb.bench.e2e.DatasetLoader --port "$port" "$@"
queued=$(stat samples_queued)
echo "queued $queued samples, queue $(stat queue_bytes) bytes on disk"
sched() { # thread-group cpu-ns
    for t in /proc/$1/task/*; do read -r run _ < "$t/schedstat"; echo "$(tr ' ' _ < "$t/comm") $run"; done |
        awk '{sub(/[0-9-]+$/, "", $1); r[$1] += $2} END {for (k in r) print k, r[k]}' | sort; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
victoria-metrics -storageDataPath="$dir/vm" -httpListenAddr="127.0.0.1:$vmport" -retentionPeriod=100y \
    -loggerLevel=ERROR > "$dir/vm.log" 2>&1 &
vmpid=$!
while [ "$(stat samples_sent)" = 0 ]; do sleep 0.05; done
t0=$(date +%s.%N); sent0=$(stat samples_sent); first=$(stat last_sent_at_ms); sched "$pid" > "$dir/sched0"; p0=$(ticks "$pid"); v0=$(ticks "$vmpid")
echo "before: $(uptime)"
while [ "$(stat samples_sent)" -lt "$queued" ]; do sleep 0.1; done
last=$(stat last_sent_at_ms); t1=$(date +%s.%N); sched "$pid" > "$dir/sched1"; p1=$(ticks "$pid"); v1=$(ticks "$vmpid")
echo "after: $(uptime)"
hz=$(getconf CLK_TCK)
python3 - "$t0" "$t1" "$sent0" "$queued" "$p0" "$p1" "$v0" "$v1" "$hz" "$first" "$last" <<'PY'
import sys
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
sent0, total = int(sys.argv[3]), int(sys.argv[4])
p0, p1, v0, v1, hz, first, last = (int(x) for x in sys.argv[5:12])
wall = t1 - t0
sending = (last - first) / 1000
print(f"catch-up: {total - sent0:,} samples acknowledged in {sending:.2f} s (server clock) = "
      f"{(total - sent0) / sending:,.0f} samples/s; CPU window {wall:.2f} s")
print(f"server process CPU {(p1 - p0) / hz:.2f} s = {(p1 - p0) / hz / wall:.2f} cores; "
      f"VictoriaMetrics CPU {(v1 - v0) / hz:.2f} s = {(v1 - v0) / hz / wall:.2f} cores")
PY
join -a2 "$dir/sched0" "$dir/sched1" | awk -v w="$(python3 -c "print($t1 - $t0)")" '{a = (NF == 2) ? $2 : $3; b = (NF == 2) ? 0 : $2
    if (a - b > 5e7) printf "  server %-32s cpu %.2f s (%.2f cores)\n", $1, (a - b) / 1e9, (a - b) / 1e9 / w}'
echo "requests $(stat requests_sent), bytes $(stat bytes_sent), retries $(stat retries), rejected $(stat samples_rejected)"
curl -s "http://127.0.0.1:$vmport/api/v1/series/count"; echo
