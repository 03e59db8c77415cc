#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# HTTP ingest against ztsdb and its peers in one run (docs/benchmarks.md, "HTTP ingest"): remote write into
# `tsvdb serve` (WAL fsync), Prometheus' receiver and VictoriaMetrics; line protocol into `tsvdb serve` and
# VictoriaMetrics. Each server starts on a fresh directory under /tmp/ztsdb-http-ingest, is loaded by
# io.ztsdb.bench.ingest.HttpIngestLoad with the synthetic set, and is stopped by its pid.
#
#   scripts/bench/http-ingest.sh [POINTS [CONNECTIONS [TIMESTAMPS_PER_REQUEST]]]
#
# SERVERS (default "ztsdb victoria-metrics prometheus") picks the servers, FORMATS (default "remote-write line")
# the formats; TSVDB_JAVA_OPTS reaches `tsvdb serve` (e.g. a JFR recording). WARMUP=N first sends N points of
# other series (metric names suffixed _warmup) to every server, outside the measured load and its CPU time, so
# that the JVM's JIT compilation is done before the clock starts (the Go peers need none).
#
# Needs tsdb-bench/target/benchmarks.jar (./mvnw -B -q -pl tsdb-bench -am package -DskipTests) and /tmp/synth
# (python3 ../shared/data/synth/gen_synthetic.py --out /tmp/synth).
set -euo pipefail
points=${1:-4000000}; connections=${2:-4}; stamps=${3:-50}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
root=/tmp/ztsdb-http-ingest; rm -rf "$root"; mkdir -p "$root"
ticks=$(getconf CLK_TCK)
cpu_of() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
# load FORMAT URL: runs the loader against the server $pid, then prints the server's CPU seconds for the load and
# the samples acknowledged per server CPU-second.
load() { local before after out
    if [ "${WARMUP:-0}" -gt 0 ]; then "$JAVA" -Xmx6g -cp "$here/tsdb-bench/target/benchmarks.jar" \
        io.ztsdb.bench.ingest.HttpIngestLoad "$1" "$2" /tmp/synth "$WARMUP" "$connections" "$stamps" _warmup \
        | sed 's/^/warm-up: /'; fi
    before=$(cpu_of "$pid")
    out=$("$JAVA" -Xmx6g -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.ingest.HttpIngestLoad \
        "$1" "$2" /tmp/synth "$points" "$connections" "$stamps"); echo "$out"; after=$(cpu_of "$pid")
    echo "$out" | awk -v b="$before" -v a="$after" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" '/acknowledged in/ {
        gsub(",", "", $2); printf "server CPU %.2f s = %.2f M points per server CPU-second, load %s\n", a - b,
        $2 / (a - b) / 1e6, l }'; }
wait_http() { for _ in $(seq 1 120); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; return 1; }
stop() { kill "$1" 2>/dev/null || true; for _ in $(seq 1 20); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.25; done
    kill -9 "$1" 2>/dev/null || true; }

servers=${SERVERS:-ztsdb victoria-metrics prometheus}; formats=${FORMATS:-remote-write line}
wants() { case " $servers " in *" $1 "*) return 0 ;; esac; return 1; }
wants_format() { case " $formats " in *" $1 "*) return 0 ;; esac; return 1; }

for format in $formats; do
    wants ztsdb || break
    "$here/tsvdb" serve --data-dir "$root/ztsdb-$format" --port 19961 --web-port 19962 > "$root/ztsdb-$format.log" 2>&1 &
    pid=$!; wait_http http://127.0.0.1:19962/stats
    echo "== ztsdb $format, $(uptime)"
    if [ "$format" = remote-write ]; then load remote-write http://127.0.0.1:19962/api/v1/write
    else load line "http://127.0.0.1:19962/write?db=bench&precision=ms"; fi
    stop "$pid"
done

if wants victoria-metrics; then
    for format in $formats; do
        rm -rf "$root/vm"
        /usr/bin/victoria-metrics -storageDataPath "$root/vm" -httpListenAddr 127.0.0.1:19963 -retentionPeriod 100y \
            > "$root/vm.log" 2>&1 &
        pid=$!; wait_http http://127.0.0.1:19963/health
        echo "== victoria-metrics $format, $(uptime)"
        if [ "$format" = remote-write ]; then load remote-write http://127.0.0.1:19963/api/v1/write
        else load line "http://127.0.0.1:19963/write?db=bench&precision=ms"; fi
        stop "$pid"
    done
fi

if wants prometheus && wants_format remote-write; then
    printf 'global:\n  scrape_interval: 1h\n' > "$root/prometheus.yml"
    /usr/bin/prometheus --config.file="$root/prometheus.yml" --storage.tsdb.path="$root/prom" \
        --web.listen-address=127.0.0.1:19964 --web.enable-remote-write-receiver --log.level=warn > "$root/prom.log" 2>&1 &
    pid=$!; wait_http http://127.0.0.1:19964/-/ready
    echo "== prometheus remote-write, $(uptime)"
    load remote-write http://127.0.0.1:19964/api/v1/write
    stop "$pid"
fi
echo "done, $(uptime)"
