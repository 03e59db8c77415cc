#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Per-invocation cost of the collector's BPF programs (docs/benchmarks.md, "Collector"), from the kernel's
# own counters: runs `tsvdb collect` (root), enables kernel.bpf_stats_enabled, drives loopback traffic with
# iperf3 for SECONDS and, at the same time, two processes bouncing a byte over a pipe (a busy host's context
# switches: some 100,000 a second here), and prints run_time_ns / run_cnt of every ztsdb_* program. The workloads
# run in a cgroup of their own (a container's, for the programs): the programs skip the root cgroup's tasks and
# sockets, whose cost would say nothing about a container's.
# Baseline: empty programs on the same hooks (cgroup_skb ingress/egress, tp_btf sched_switch/sched_wakeup; the
# latter for the run-queue fallback programs, which a kernel without sched_info uses) are
# attached beside ours during the same run; their cost is the floor of the method (program dispatch + the two
# clock reads bpf_stats adds per call), so "net" = ours - empty is what our programs themselves cost.
#
#   sudo scripts/bench/hook-cost.sh [SECONDS] [extra collect flags, e.g. --cpu-from-ebpf]
#
# Needs the server jar (./tsvdb builds it), iperf3 (apt-get install iperf3), gcc and libbpf-dev.
set -euo pipefail
seconds=${1:-5}; shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=$(mktemp -d /tmp/ztsdb-hook-cost.XXXXXX); log=$dir.log
cgroot=/sys/fs/cgroup/unified
[ -f $cgroot/cgroup.controllers ] || cgroot=/sys/fs/cgroup
cat > "$dir/baseline.bpf.c" <<'C'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
SEC("cgroup_skb/ingress") int base_ingress(struct __sk_buff *skb) { return 1; }
SEC("cgroup_skb/egress") int base_egress(struct __sk_buff *skb) { return 1; }
SEC("tp_btf/sched_switch") int base_switch(void *ctx) { return 0; }
SEC("tp_btf/sched_wakeup") int base_wakeup(void *ctx) { return 0; }
C
cat > "$dir/loader.c" <<'C'
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
/* loads argv[1], attaches every program (cgroup_skb ones to the cgroup argv[2]), holds the links until killed */
int main(int argc, char **argv)
{
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj || bpf_object__load(obj)) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    int cgroup = open(argv[2], O_RDONLY | O_DIRECTORY);
    struct bpf_program *p;
    bpf_object__for_each_program(p, obj) {
        int skb = strncmp(bpf_program__section_name(p), "cgroup_skb", 10) == 0;
        if (!(skb ? bpf_program__attach_cgroup(p, cgroup) : bpf_program__attach(p))) {
            fprintf(stderr, "cannot attach %s\n", bpf_program__name(p));
            return 1;
        }
    }
    printf("READY\n");
    fflush(stdout);
    pause(); /* the links detach when the process dies */
    return 0;
}
C
cat > "$dir/pingpong.c" <<'C'
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
/* two processes bounce a byte over two pipes for argv[1] seconds: two wakeups and switches per round trip */
int main(int argc, char **argv)
{
    int a[2], b[2];
    char c = 'x';
    if (pipe(a) || pipe(b))
        return 1;
    pid_t child = fork();
    if (child == 0) {
        close(a[1]);
        close(b[0]);
        while (read(a[0], &c, 1) == 1 && write(b[1], &c, 1) == 1) {
        }
        return 0;
    }
    close(a[0]);
    close(b[1]);
    time_t end = time(NULL) + atoi(argv[1]);
    while (time(NULL) < end) {
        if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
            return 1;
    }
    close(a[1]); /* the child reads end-of-file and exits */
    waitpid(child, NULL, 0);
    return 0;
}
C
clang -O2 -target bpf -I/usr/include/"$(uname -m)"-linux-gnu -c "$dir/baseline.bpf.c" -o "$dir/baseline.o"
gcc -O2 -o "$dir/loader" "$dir/loader.c" -lbpf
gcc -O2 -o "$dir/pingpong" "$dir/pingpong.c"
"$dir/loader" "$dir/baseline.o" "$cgroot" > "$dir/loader.out" &
loader_pid=$!
setsid "$here/tsvdb" collect --port 0 --data-dir "$dir/data" "$@" > "$log" 2>&1 &
collect_pid=$!
iperf_pid=
workload=
cleanup() {
    [ -n "$iperf_pid" ] && kill "$iperf_pid" 2>/dev/null || true
    kill -- -"$collect_pid" 2>/dev/null || kill "$collect_pid" 2>/dev/null || true
    kill "$loader_pid" 2>/dev/null || true
    wait "$collect_pid" "$loader_pid" $iperf_pid 2>/dev/null || true   # their links detach when they exit
    sysctl -q -w kernel.bpf_stats_enabled=0 || true
    if [ -n "$workload" ]; then
        for _ in $(seq 1 50); do rmdir "$workload" 2>/dev/null && break; sleep 0.1; done
    fi
    rm -rf "$dir" "$log"
}
trap cleanup EXIT
for _ in $(seq 1 240); do grep -q 'binary protocol' "$log" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$dir/loader.out" || { echo "baseline programs did not attach" >&2; exit 1; }
sysctl -q -w kernel.bpf_stats_enabled=1
workload=$cgroot/ztsdb-hook-cost-$$
mkdir "$workload"
in_workload() { bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$workload" "$@"; }
port=$((20000 + RANDOM % 20000))
in_workload iperf3 -s -1 -p "$port" > /dev/null 2>&1 &
iperf_pid=$!
sleep 0.5
before=$(bpftool -j prog show)
in_workload "$dir/pingpong" "$seconds" &
pingpong_pid=$!
in_workload iperf3 -c 127.0.0.1 -p "$port" -t "$seconds" | grep -E 'sender|receiver'
wait "$pingpong_pid"
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
    print(f"{name:28s} {runs:>10d} calls  {cost[name]:7.1f} ns/call")
for ours, floor in (("ztsdb_net_ingress", "base_ingress"), ("ztsdb_net_egress", "base_egress"),
                    ("ztsdb_runq_btf", "base_switch"), ("ztsdb_cpu_btf", "base_switch"),
                    ("ztsdb_runq_switch_ts_btf", "base_switch"), ("ztsdb_runq_wakeup_ts_btf", "base_wakeup")):
    if ours in cost and floor in cost:
        print(f"net {ours:24s} {cost[ours] - cost[floor]:7.1f} ns/call ({ours} - {floor})")
PY
