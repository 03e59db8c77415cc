#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Disk bytes per point, end to end, ztsdb next to VictoriaMetrics in one run (docs/benchmarks.md, "Storage v2").
#
#   scripts/bench/disk-vs-vm.sh --points /tmp/synth/points.bin
#   scripts/bench/disk-vs-vm.sh --nab /work/shared/data/nab
#   scripts/bench/nab-extra.py --out /tmp/nab58 --with /work/shared/data/nab && scripts/bench/disk-vs-vm.sh --nab /tmp/nab58
#
# ztsdb: `./tsvdb serve` with the launcher's defaults on a fresh directory, the dataset streamed by
# io.ztsdb.bench.e2e.DatasetLoader (binary protocol, durable acks), then left alone until the idle flush has sealed,
# persisted and compacted the head (TsdbConfig idleFlushMillis, 2 min) and compaction has settled; then `du` of the
# whole data directory (blocks, WAL, series registry). VictoriaMetrics: `victoria-metrics` on loopback with a
# fresh -storageDataPath, the same points as JSON lines (scripts/bench/vm-jsonl.py, /api/v1/import), a forced
# flush, 30 s to settle, `du`; then a forced merge and `du` again. Both figures are `du -sb` (file bytes) and
# `du -sk` (allocated 4 KiB blocks) over the points loaded. The server's RSS is sampled every second from its start
# to its end (peak sampled and the kernel's VmHWM printed; rss.txt in the work directory).
# Needs tsdb-bench/target/benchmarks.jar
# (./mvnw -B -q -pl tsdb-bench -am package -DskipTests) and python3 with numpy. KEEP=1 keeps both directories.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
[ $# -eq 2 ] || { echo "usage: $0 --points FILE | --nab DIR" >&2; exit 2; }
work=$(mktemp -d /tmp/ztsdb-disk-vs-vm.XXXXXX)
server=; vm=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$vm" ] && kill "$vm" 2>/dev/null && wait "$vm" 2>/dev/null
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
per_point() { awk -v b="$1" -v p="$2" 'BEGIN { printf "%.3f", b / p }'; }
sizes() { # dir points label
    local bytes kib
    bytes=$(du -sb "$1" | cut -f1); kib=$(du -sk "$1" | cut -f1)
    echo "$3: $bytes bytes ($(per_point "$bytes" "$2") B/pt), allocated $((kib * 1024)) ($(per_point $((kib * 1024)) "$2") B/pt)"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- ztsdb ---
log=$work/serve.log
setsid "$here/tsvdb" serve --port 0 --web-port 0 --bind 127.0.0.1 --data-dir "$work/db" >"$log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    grep -qs 'binary protocol on' "$log" && break
    kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/.*binary protocol on [^:]*:\([0-9]*\),.*/\1/p' "$log")
web=$(sed -n 's|.*HTTP API on http://[^:]*:\([0-9]*\)/.*|\1|p' "$log")
jvm=$(pgrep -P "$server" java || echo "$server")
( while kill -0 "$jvm" 2>/dev/null; do
      echo "$(date +%s) $(awk '/^VmRSS/ { print $2 }' "/proc/$jvm/status" 2>/dev/null)" >>"$work/rss.txt"; sleep 1
  done ) &
"$JAVA" -cp "$here/tsdb-bench/target/benchmarks.jar" io.ztsdb.bench.e2e.DatasetLoader --port "$port" "$@" \
    | tee "$work/load.txt"
points=$(sed -n 's/.*(accepted \([0-9,]*\),.*/\1/p' "$work/load.txt" | tr -d ,)
stat() { curl -s "http://127.0.0.1:$web/stats" | python3 -c "import json, sys; s = json.load(sys.stdin); $1"; }
echo "waiting for the idle flush and compaction to settle..."
last=-1
for _ in $(seq 1 90); do
    sleep 10
    state=$(stat 'm = s["maintenance"]; print(m["idle_flushes"], m["compactions"], len(s["storage"]["blocks"]))')
    read -r flushes compactions blocks <<<"$state"
    if [ "$flushes" -ge 1 ] && [ "$compactions" = "$last" ]; then break; fi
    last=$compactions
done
stat 'm = s["maintenance"]; st = s["storage"]; print("ztsdb maintenance:", json.dumps(m)); print("ztsdb blocks:",
len(st["blocks"]), "persisted points", st["persisted_points"], "wal bytes", st["wal_bytes"])'
grep VmHWM "/proc/$jvm/status" | sed 's/^/ztsdb peak RSS /' || true
awk 'NF == 2 && $2 > max { max = $2 } END { printf "ztsdb RSS sampled every 1 s over %d samples: peak %.1f MiB\n", NR,
    max / 1024 }' "$work/rss.txt"
sizes "$work/db" "$points" "ztsdb data dir"
du -sb "$work"/db/* | sed 's/^/  /'
kill "$server"; wait "$server" 2>/dev/null || true; server=

# --- VictoriaMetrics ---
if [ "$1" = --points ]; then python3 "$here/scripts/bench/vm-jsonl.py" --points "$2" > "$work/vm.jsonl"
else python3 "$here/scripts/bench/vm-jsonl.py" --nab "$2" > "$work/vm.jsonl"; fi
vport=$(free_port)
victoria-metrics -storageDataPath "$work/vm" -httpListenAddr "127.0.0.1:$vport" -retentionPeriod 100y \
    -loggerLevel WARN >"$work/vm.log" 2>&1 &
vm=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$vport/health" >/dev/null && break; sleep 0.1; done
start=$(date +%s.%N)
curl -sf --data-binary @"$work/vm.jsonl" "http://127.0.0.1:$vport/api/v1/import"
curl -sf "http://127.0.0.1:$vport/internal/force_flush" >/dev/null
echo "VictoriaMetrics import: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
sleep 30
vmpoints=$(curl -sg "http://127.0.0.1:$vport/api/v1/export?match[]={__name__=~\".%2B\"}&start=0" |
    python3 -c 'import json, sys; print(sum(len(json.loads(line)["values"]) for line in sys.stdin))')
echo "VictoriaMetrics holds $vmpoints points"
sizes "$work/vm" "$points" "VictoriaMetrics data dir (flushed)"
curl -sf "http://127.0.0.1:$vport/internal/force_merge" >/dev/null; sleep 30
sizes "$work/vm" "$points" "VictoriaMetrics data dir (force-merged)"
grep VmHWM "/proc/$vm/status" | sed 's/^/VictoriaMetrics peak RSS /'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
