#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end ingest measurement against a real `tsvdb serve` process (docs/benchmarks.md,
# "End-to-end against the targets").
#
#   scripts/bench/e2e-ingest.sh NAME PORT [DatasetLoader options...]
#   e.g. scripts/bench/e2e-ingest.sh syn 19930 --points /tmp/synth/points.bin --connections 2
#
# Starts `./tsvdb serve` on a fresh data directory /tmp/ztsdb-bench-NAME (TCP PORT, HTTP PORT+1000) with
# the launcher's JVM limits plus $TSVDB_JAVA_OPTS (default: none, the launcher's defaults), streams the
# dataset with io.ztsdb.bench.e2e.DatasetLoader, and prints: acknowledged points/s and batch latency,
# server CPU and run-queue wait per thread group (/proc/PID/task/*/schedstat: time runnable but not
# running = CPU taken by other processes), peak RSS (VmHWM), data directory size, load average.
# The server keeps running (its pid is in /tmp/ztsdb-bench-NAME.pid) so that persistence, compaction and
# queries can be measured afterwards; stop it with: kill "$(cat /tmp/ztsdb-bench-NAME.pid)".
# Needs tsdb-bench/target/benchmarks.jar: ./mvnw -B -q -pl tsdb-bench -am package -DskipTests
set -euo pipefail
name=$1; port=$2; shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
opts=${TSVDB_JAVA_OPTS:-}
dir=/tmp/ztsdb-bench-$name; log=$dir.log
rm -rf "$dir"
TSVDB_JAVA_OPTS="$opts" setsid "$here/tsvdb" serve --data-dir "$dir" --port "$port" --web-port $((port + 1000)) \
    > "$log" 2>&1 &
for _ in $(seq 1 240); do grep -q 'binary protocol' "$log" 2>/dev/null && break; sleep 0.5; done
pid=$(pgrep -f -- "--data-dir $dir " | head -1); echo "$pid" > "$dir.pid"
sched() { # thread-group cpu-seconds runqueue-wait-seconds
    for t in /proc/$1/task/*; do read -r run wait _ < "$t/schedstat"; echo "$(tr ' ' _ < "$t/comm") $run $wait"; done |
        awk '{sub(/[0-9]+$/, "", $1); r[$1] += $2; w[$1] += $3} END {for (k in r) print k, r[k], w[k]}' | sort; }
sched "$pid" > "$dir.sched0"
echo "server pid $pid, extra JVM options: ${opts:-none (launcher defaults)}"; echo "before: $(uptime)"
"$JAVA" --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$here/tsdb-bench/target/benchmarks.jar" \
    io.ztsdb.bench.e2e.DatasetLoader --port "$port" "$@"
echo "after: $(uptime)"
sched "$pid" > "$dir.sched1"
join -a2 "$dir.sched0" "$dir.sched1" | awk '{if (NF == 3) {b1 = 0; b2 = 0; a1 = $2; a2 = $3} else {b1 = $2; b2 = $3; a1 = $4; a2 = $5}
    if (a1 - b1 > 5e6) printf "  server %-16s cpu %.2f s, run-queue wait %.2f s\n", $1, (a1 - b1) / 1e9, (a2 - b2) / 1e9}'
grep -E 'VmHWM' "/proc/$pid/status"
du -sb "$dir"/* | sed 's/^/  disk /'
