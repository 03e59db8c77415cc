#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Per-invocation cost of the collector's BPF programs (docs/benchmarks.md, "Collector"), from the kernel's
# own counters: runs `tsvdb collect` (root), enables kernel.bpf_stats_enabled, drives loopback traffic with
# iperf3 for SECONDS, and prints run_time_ns / run_cnt of every ztsdb_* program.
# Baseline: two empty cgroup_skb programs (`return 1`) are attached beside ours during the same run; their
# cost is the floor of the method (program dispatch + the two clock reads bpf_stats adds per call), so
# "net" = ours - empty, per direction, is what our programs themselves cost.
#
#   sudo scripts/bench/hook-cost.sh [SECONDS] [extra collect flags, e.g. --cpu-from-ebpf]
#
# Needs the server jar (./tsvdb builds it) and iperf3 (apt-get install iperf3).
set -euo pipefail
seconds=${1:-5}; shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$(mktemp -d /tmp/ztsdb-hook-cost.XXXXXX); log=$dir.log
pins=/sys/fs/bpf/ztsdb_hook_cost_$$
cgroot=/sys/fs/cgroup/unified
[ -f $cgroot/cgroup.controllers ] || cgroot=/sys/fs/cgroup
cat > "$dir/baseline.bpf.c" <<'C'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
SEC("cgroup_skb/ingress") int base_ingress(struct __sk_buff *skb) { return 1; }
SEC("cgroup_skb/egress") int base_egress(struct __sk_buff *skb) { return 1; }
C
clang -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$dir/baseline.bpf.c" -o "$dir/baseline.o"
bpftool prog loadall "$dir/baseline.o" "$pins"
bpftool cgroup attach "$cgroot" ingress pinned "$pins/base_ingress" multi
bpftool cgroup attach "$cgroot" egress pinned "$pins/base_egress" multi
setsid "$here/tsvdb" collect --port 0 --data-dir "$dir" "$@" > "$log" 2>&1 &
collect_pid=$!
iperf_pid=
cleanup() {
    [ -n "$iperf_pid" ] && kill "$iperf_pid" 2>/dev/null || true
    kill -- -"$collect_pid" 2>/dev/null || kill "$collect_pid" 2>/dev/null || true
    wait "$collect_pid" 2>/dev/null || true   # its links detach when it exits
    sysctl -q -w kernel.bpf_stats_enabled=0 || true
    bpftool cgroup detach "$cgroot" ingress pinned "$pins/base_ingress" 2>/dev/null || true
    bpftool cgroup detach "$cgroot" egress pinned "$pins/base_egress" 2>/dev/null || true
    rm -rf "$pins" "$dir" "$log"
}
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q 'binary protocol' "$log" 2>/dev/null && break; sleep 0.5; done
sysctl -q -w kernel.bpf_stats_enabled=1
port=$((20000 + RANDOM % 20000))
iperf3 -s -1 -p "$port" > /dev/null 2>&1 &
iperf_pid=$!
sleep 0.5
before=$(bpftool -j prog show)
iperf3 -c 127.0.0.1 -p "$port" -t "$seconds" | grep -E 'sender|receiver'
after=$(bpftool -j prog show)
echo "load: $(uptime)"
python3 - "$before" "$after" <<'PY'
import json, sys
before = {p["id"]: p for p in json.loads(sys.argv[1])}
cost = {}
for p in json.loads(sys.argv[2]):
    name = p.get("name", "")
    if not name.startswith(("ztsdb_", "base_")):
        continue
    b = before.get(p["id"], {})
    runs = p.get("run_cnt", 0) - b.get("run_cnt", 0)
    ns = p.get("run_time_ns", 0) - b.get("run_time_ns", 0)
    cost[name] = ns / runs if runs else 0.0
    print(f"{name:24s} {runs:>10d} calls  {cost[name]:7.1f} ns/call")
for way in ("ingress", "egress"):
    ours, floor = cost.get("ztsdb_net_" + way), cost.get("base_" + way)
    if ours is not None and floor is not None:
        print(f"net {way:8s} {ours - floor:7.1f} ns/call (ztsdb_net_{way} - base_{way})")
PY
