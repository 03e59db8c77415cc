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
# (time_total: connect, request, answer); then 9 more, each on a new connection. Under them, the server's CPU time
# for each (all its threads, JIT compilers included, from /proc/PID/task/*/schedstat, 50 ms after the answer): on
# a loaded machine the wall times say little, the CPU times still tell a cold path from a warm one. After the last
# run the warm figure
# comes from io.ztsdb.bench.e2e.HttpQueryTimer (500 warm-up requests, then 2,000 timed ones on one kept-alive
# connection). Needs tsdb-bench/target/benchmarks.jar. TSVDB=/path/to/launcher runs another build's launcher (A/B
# runs against an older jar) instead of ./tsvdb.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
[ $# -ge 1 ] || { echo "usage: $0 DATA_DIR [SERIES_ID] [RUNS]" >&2; exit 2; }
source_dir=$1; series=${2:-0}; runs=${3:-3}
work=$(mktemp -d /tmp/ztsdb-first-query.XXXXXX)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# CPU nanoseconds of every thread of a process so far.
server_cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
    rm -rf "$work/db"; cp -a "$source_dir" "$work/db"; rm -f "$work/db/LOCK"
    log=$work/serve.log
    start=$(date +%s.%N)
    setsid "${TSVDB:-$here/tsvdb}" serve --port 0 --web-port 0 --bind 127.0.0.1 --data-dir "$work/db" >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
        grep -qs 'HTTP API on' "$log" && break
        kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.02
    done
    ready=$(date +%s.%N)
    web=$(sed -n 's|.*HTTP API on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
    url="http://127.0.0.1:$web/query?series=$series&start=0&end=9999999999999"
    jvm=$(pgrep -P "$server" java || echo "$server")
    times=(); cpus=()
    for _ in $(seq 1 10); do
        before=$(server_cpu_ns "$jvm")
        times+=("$(curl -s -o "$work/answer.json" -w '%{time_total}' "$url")")
        sleep 0.05
        cpus+=("$(( $(server_cpu_ns "$jvm") - before ))")
    done
    bytes=$(stat -c %s "$work/answer.json")
    awk -v s="$start" -v r="$ready" 'BEGIN { printf "run '"$run"': serve up after %.2f s; ", r - s }'
    printf 'first /query %.2f ms, next 9: %s ms (%s bytes)\n' "$(awk -v t="${times[0]}" 'BEGIN { print t * 1000 }')" \
        "$(printf '%s\n' "${times[@]:1}" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 * 1000 }')" "$bytes"
    printf '  server CPU: first %.2f ms, next 9: %s ms\n' "$(awk -v t="${cpus[0]}" 'BEGIN { print t / 1e6 }')" \
        "$(printf '%s\n' "${cpus[@]:1}" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / 1e6 }')"
    grep -h 'query path warmed' "$log" | sed 's/.*INFO [^:]*: /  /' || true
    if [ "$run" = "$runs" ]; then
        "$JAVA" -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.e2e.HttpQueryTimer "$url" 500 2000 "$jvm"
    fi
    kill "$server"; wait "$server" 2>/dev/null || true; server=
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
