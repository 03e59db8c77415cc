#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Warm HTTP query latency and server CPU per request (docs/benchmarks.md, "End-to-end against the targets").
#
#   scripts/bench/http-query.sh SERVER_PID URL [REQUESTS]
#   e.g. scripts/bench/http-query.sh "$(cat /tmp/ztsdb-bench-syn.pid)" \
#        'http://127.0.0.1:20930/query?series=0&start=0&end=9999999999999' 500
#
# 100 warm-up requests, then REQUESTS timed ones over one kept-alive connection with
# io.ztsdb.bench.e2e.HttpQueryTimer (min/p50/p99/max), and the server's CPU time per request (utime+stime
# of the process around the timed requests), which does not depend on what else runs on the machine.
set -euo pipefail
pid=$1; url=$2; n=${3:-500}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
timer() { "$JAVA" -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.e2e.HttpQueryTimer "$@"; }
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$pid/stat"; }
timer "$url" 100 1 > /dev/null
c0=$(cpu); timer "$url" 0 "$n"; c1=$(cpu)
awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {printf "server CPU per request: %.2f ms\n", (b - a) * 1000 / n}'
echo "$(uptime)"
