#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Warm HTTP query latency and server CPU per request (docs/benchmarks.md, "HTTP query latency").
#
#   scripts/bench/http-query.sh SERVER_PID URL [REQUESTS] [WARMUP]
#   e.g. scripts/bench/http-query.sh "$(cat /tmp/ztsdb-bench-syn.pid)" \
#        'http://127.0.0.1:20930/query?series=0&start=0&end=9999999999999' 2000
#
# WARMUP requests (default 500), then REQUESTS timed ones, all in one JVM over one kept-alive connection with
# io.ztsdb.bench.e2e.HttpQueryTimer (min/p50/p99/max), so that client and server are both warm; and the
# server's CPU time per timed request (utime+stime of the process), which does not depend on what else runs on
# the machine.
set -euo pipefail
pid=$1; url=$2; n=${3:-500}; warmup=${4:-500}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
"$JAVA" -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.e2e.HttpQueryTimer "$url" "$warmup" "$n" "$pid"
echo "$(uptime)"
