#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end ingest benchmark: starts `tsvdb serve` on a free port over a fresh data directory, runs
# `tsvdb generate` against it over loopback, prints its report and the server's /stats, stops the server.
# Usage: scripts/bench/generate-e2e.sh [generate options...]   (default: 20 M points, 1,000 series, 2 connections)
# Environment: WAL_SYNC (fsync | interval=<ms> | none, default fsync), SERVE_OPTS (extra serve flags),
# SERVE_JAVA_OPTS (JVM flags of the server only, e.g. a JFR recording).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
data=$(mktemp -d /tmp/ztsdb-bench-e2e.XXXXXX)
log="$data.serve.log"
TSVDB_JAVA_OPTS="${SERVE_JAVA_OPTS:-}" "$here/tsvdb" serve --port 0 --web-port 0 --bind 127.0.0.1 \
    --data-dir "$data/db" --wal-sync "${WAL_SYNC:-fsync}" ${SERVE_OPTS:-} >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data" "$log"' EXIT
for _ in $(seq 1 300); do
    grep -qs 'binary protocol on' "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/.*binary protocol on [^:]*:\([0-9]*\),.*/\1/p' "$log")
web=$(sed -n 's|.*HTTP API on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
echo "server: pid $server, port $port, web $web, WAL ${WAL_SYNC:-fsync}, data $data/db"
if [ $# -eq 0 ]; then
    set -- --count 20000000 --series-count 1000 --connections 2 --batch-size 10000
fi
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }   # server user + system time, clock ticks
before=$(cpu)
start=$(date +%s.%N)
/usr/bin/time -f "client CPU: %U s user + %S s system" "$here/tsvdb" generate --host 127.0.0.1 --port "$port" "$@"
end=$(date +%s.%N)
after=$(cpu)
awk -v t=$(getconf CLK_TCK) -v b="$before" -v a="$after" -v s="$start" -v e="$end" \
    'BEGIN { printf "server CPU: %.2f s over %.2f s wall (%.2f cores busy)\n", (a-b)/t, e-s, (a-b)/t/(e-s) }'
echo "machine load (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s "http://127.0.0.1:$web/stats" | head -c 700; echo
