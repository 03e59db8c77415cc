// SPDX-License-Identifier: Apache-2.0
/*
 * Per-cgroup on-CPU time from sched_switch: at every switch the run time of the task leaving the CPU since it
 * was switched in (delta of its se.sum_exec_runtime) is charged to its cgroup v2 (idle, pid 0, is skipped).
 * Two variants, both non-autoload ("?" prefix): user space enables tp_btf and falls back to raw_tp.
 * Neither needs tracefs.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "GPL";

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct cpu_value);
} cpu_stats SEC(".maps");

/* per CPU: the task switched in last and its se.sum_exec_runtime at that moment */
struct last_switch {
    __u64 start_runtime_ns;
    __u32 pid;
    __u32 valid;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct last_switch);
} cpu_last_switch SEC(".maps");

/*
 * Charges prev's run time since it was switched in: the delta of its se.sum_exec_runtime, the scheduler's own
 * account (update_curr ran for prev before this tracepoint), which is what cgroup cpu.stat sums too. Wall-clock
 * deltas (ktime) would also charge interrupt time to whichever task was running.
 */
static __always_inline void charge(__u64 id, __u32 prev_pid, __u64 prev_runtime, __u32 next_pid,
                                   __u64 next_runtime)
{
    __u32 zero = 0;
    struct last_switch *last = bpf_map_lookup_elem(&cpu_last_switch, &zero);
    if (!last)
        return;
    __u64 start = last->start_runtime_ns;
    int known = last->valid && last->pid == prev_pid;
    last->start_runtime_ns = next_runtime;
    last->pid = next_pid;
    last->valid = 1;
    if (prev_pid == 0 || !known || prev_runtime <= start)
        return; /* idle, or the first switch seen on this CPU */
    struct cpu_value *v = bpf_map_lookup_elem(&cpu_stats, &id);
    if (!v) {
        struct cpu_value init = {};
        bpf_map_update_elem(&cpu_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&cpu_stats, &id);
        if (!v)
            return;
    }
    v->run_ns += prev_runtime - start;
    v->switches += 1;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_cpu_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    charge(prev->cgroups->dfl_cgrp->kn->id, prev->pid, prev->se.sum_exec_runtime, next->pid,
           next->se.sum_exec_runtime);
    return 0;
}

SEC("?raw_tp/sched_switch")
int BPF_PROG(ztsdb_cpu_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    __u64 id = BPF_CORE_READ(prev, cgroups, dfl_cgrp, kn, id);
    charge(id, BPF_CORE_READ(prev, pid), BPF_CORE_READ(prev, se.sum_exec_runtime), BPF_CORE_READ(next, pid),
           BPF_CORE_READ(next, se.sum_exec_runtime));
    return 0;
}
