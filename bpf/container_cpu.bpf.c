// SPDX-License-Identifier: Apache-2.0
/*
 * Per-cgroup on-CPU time from sched_switch: at every switch the time since the previous switch on this CPU
 * is charged to the cgroup v2 of the task leaving the CPU (idle, pid 0, is skipped).
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

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} cpu_last_switch SEC(".maps");

static __always_inline void charge(__u64 id, int idle)
{
    __u32 zero = 0;
    __u64 now = bpf_ktime_get_ns();
    __u64 *last = bpf_map_lookup_elem(&cpu_last_switch, &zero);
    if (!last)
        return;
    __u64 prev_ts = *last;
    *last = now;
    if (idle || prev_ts == 0 || now <= prev_ts)
        return;
    struct cpu_value *v = bpf_map_lookup_elem(&cpu_stats, &id);
    if (!v) {
        struct cpu_value init = {};
        bpf_map_update_elem(&cpu_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&cpu_stats, &id);
        if (!v)
            return;
    }
    v->run_ns += now - prev_ts;
    v->switches += 1;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_cpu_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    charge(prev->cgroups->dfl_cgrp->kn->id, prev->pid == 0);
    return 0;
}

SEC("?raw_tp/sched_switch")
int BPF_PROG(ztsdb_cpu_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    __u64 id = BPF_CORE_READ(prev, cgroups, dfl_cgrp, kn, id);
    charge(id, BPF_CORE_READ(prev, pid) == 0);
    return 0;
}
