#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# First query after start, then warm, on a loaded data directory (docs/benchmarks.md, "First query after start").
#
#   scripts/bench/first-query.sh DATA_DIR [SERIES_ID] [RUNS]
#   e.g. KEEP=1 scripts/bench/disk-vs-vm.sh --points /tmp/synth/points.bin   (keeps a compacted synthetic store)
#        scripts/bench/first-query.sh /tmp/ztsdb-disk-vs-vm.XXXXXX/db 0 3
#
# RUNS times (default 3): a copy of DATA_DIR is opened by `./tsvdb serve` with the launcher's defaults; as soon as
# the HTTP API is up, one `curl` of /query for the whole series (the synthetic set's 8,640 points) is timed
# (time_total: connect, request, answer); then 9 more, each on a new connection. curl discards the body (-o
# /dev/null): writing a 414 KB answer to a file on this machine's disk costs curl about 1 ms more, which is the
# client's, not the query's (OUT=FILE writes it there instead). Under them, the server's CPU time for each (all
# its threads, JIT compilers included, from /proc/PID/task/*/schedstat, 50 ms after the answer): on a loaded
# machine the wall times say little, the CPU times still tell a cold path from a warm one. After the last run the
# warm figure comes from io.ztsdb.bench.e2e.HttpQueryTimer (500 warm-up requests, then 2,000 timed ones on one
# kept-alive connection). Needs tsdb-bench/target/benchmarks.jar. TSVDB=/path/to/launcher runs another build's
# launcher (A/B runs against an older jar) instead of ./tsvdb.
#
# The peer: when DATA_DIR's parent also holds VictoriaMetrics' data directory `vm` (what `KEEP=1
# scripts/bench/disk-vs-vm.sh` keeps: the same points, series ID as metric "s<ID>"), each run then starts
# `victoria-metrics` on a copy of it and times its raw export of the same series (/api/v1/export?match[]=s<ID>,
# its equivalent of /query?series=ID) the same way: first curl as soon as /health answers, then 9 more.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
[ $# -ge 1 ] || { echo "usage: $0 DATA_DIR [SERIES_ID] [RUNS]" >&2; exit 2; }
source_dir=$1; series=${2:-0}; runs=${3:-3}
out=${OUT:-/dev/null}
vm_source=$(dirname "$source_dir")/vm
[ -d "$vm_source" ] && command -v victoria-metrics >/dev/null || vm_source=
work=$(mktemp -d /tmp/ztsdb-first-query.XXXXXX)
server=
vm=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$vm" ] && kill "$vm" 2>/dev/null && wait "$vm" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# CPU nanoseconds of every thread of a process so far.
server_cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'; }
# Times 10 curls of $1, each on a new connection, 50 ms apart, with the CPU time of process $2 under each; sets
# the arrays times (seconds), cpus (ns) and bytes (of the last answer).
time_curls() {
    times=(); cpus=()
    for _ in $(seq 1 10); do
        local before; before=$(server_cpu_ns "$2")
        local result; result=$(curl -sg -o "$out" -w '%{time_total} %{size_download}' "$1")
        times+=("${result% *}"); bytes=${result#* }
        sleep 0.05
        cpus+=("$(( $(server_cpu_ns "$2") - before ))")
    done
}
# Prints "first X ms, next 9: ..." of the array named $1 scaled by $2 (1000: seconds to ms, 1e-6: ns to ms).
first_and_next() {
    local -n values=$1
    printf 'first %.2f ms, next 9: %s ms' "$(awk -v t="${values[0]}" -v k="$2" 'BEGIN { print t * k }')" \
        "$(printf '%s\n' "${values[@]:1}" | awk -v k="$2" '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 * k }')"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
    rm -rf "$work/db"; cp -a "$source_dir" "$work/db"; rm -f "$work/db/LOCK"
    log=$work/serve.log
    start=$(date +%s.%N)
    setsid "${TSVDB:-$here/tsvdb}" serve --port 0 --web-port 0 --bind 127.0.0.1 --data-dir "$work/db" >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 6000); do
        grep -qs 'HTTP API on' "$log" && break
        kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.02
    done
    grep -qs 'HTTP API on' "$log" || { echo "tsvdb serve not up after 2 minutes" >&2; cat "$log" >&2; exit 1; }
    ready=$(date +%s.%N)
    web=$(sed -n 's|.*HTTP API on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
    url="http://127.0.0.1:$web/query?series=$series&start=0&end=9999999999999"
    jvm=$(pgrep -P "$server" java || echo "$server")
    time_curls "$url" "$jvm"
    awk -v s="$start" -v r="$ready" 'BEGIN { printf "run '"$run"': serve up after %.2f s; ", r - s }'
    printf '%s /query (%s bytes)\n' "$(first_and_next times 1000)" "$bytes"
    printf '  server CPU: %s\n' "$(first_and_next cpus 1e-6)"
    grep -h 'query path warmed' "$log" | sed 's/.*INFO [^:]*: /  /' || true
    if [ "$run" = "$runs" ]; then
        "$JAVA" -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.e2e.HttpQueryTimer "$url" 500 2000 "$jvm"
    fi
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    if [ -n "$vm_source" ]; then
        rm -rf "$work/vm"; cp -a "$vm_source" "$work/vm"; rm -f "$work/vm/flock.lock"
        vport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        start=$(date +%s.%N)
        victoria-metrics -storageDataPath "$work/vm" -httpListenAddr "127.0.0.1:$vport" -retentionPeriod 100y \
            -loggerLevel WARN >"$work/vm.log" 2>&1 &
        vm=$!
        for _ in $(seq 1 6000); do curl -sf "http://127.0.0.1:$vport/health" >/dev/null && break; sleep 0.02; done
        curl -sf "http://127.0.0.1:$vport/health" >/dev/null || { echo "victoria-metrics not up" >&2; exit 1; }
        ready=$(date +%s.%N)
        time_curls "http://127.0.0.1:$vport/api/v1/export?match[]=s$series" "$vm"
        awk -v s="$start" -v r="$ready" 'BEGIN { printf "  VictoriaMetrics: up after %.2f s; ", r - s }'
        printf '%s /api/v1/export (%s bytes)\n' "$(first_and_next times 1000)" "$bytes"
        printf '    its CPU: %s\n' "$(first_and_next cpus 1e-6)"
        kill "$vm"; wait "$vm" 2>/dev/null || true; vm=
    fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
