// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup on-CPU time from sched_switch: at every switch the run time of the task leaving the CPU (delta of
 * its se.sum_exec_runtime, the scheduler's own account) is charged to its cgroup v2 (idle, pid 0, is skipped).
 * Two variants, both non-autoload ("?" prefix): user space enables tp_btf and falls back to raw_tp.
 * Neither needs tracefs.
 *
 * tp_btf keeps, per task (task local storage), the runtime already charged, so every switch-out charges exactly
 * what ran since the last one. raw_tp (kernels without task storage) remembers per CPU the task switched in
 * last and its runtime then; that chain breaks now and then (measured on 6.18: ~50 switch-outs in 25 s of heavy
 * switching whose task was not the one last seen switching in on that CPU, with no program run missed), and
 * each break loses one on-CPU stretch, up to tens of ms of a busy task.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

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

/* Adds one switch-out and its run time to a cgroup's counters. */
static __always_inline void add_run_time(__u64 id, __u64 run_ns)
{
    struct cpu_value *v = bpf_map_lookup_elem(&cpu_stats, &id);
    if (!v) {
        struct cpu_value init = {};
        bpf_map_update_elem(&cpu_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&cpu_stats, &id);
        if (!v)
            return;
    }
    v->run_ns += run_ns;
    v->switches += 1;
}

/*
 * raw_tp: charges prev's run time since it was switched in: the delta of its se.sum_exec_runtime, the
 * scheduler's own account (update_curr ran for prev before this tracepoint), which is what cgroup cpu.stat sums
 * too. Wall-clock deltas (ktime) would also charge interrupt time to whichever task was running.
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
    add_run_time(id, prev_runtime - start);
}

/* per task: its se.sum_exec_runtime when it was last charged (0: not seen yet) */
struct task_charged {
    __u64 runtime_ns;
};

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, struct task_charged);
} cpu_task_charged SEC(".maps");

#define ZTSDB_SCHED_NORMAL 0
#define ZTSDB_SCHED_BATCH 3
#define ZTSDB_SCHED_IDLE 5

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_cpu_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    if (prev->pid == 0)
        return 0; /* idle */
    struct task_charged *t = bpf_task_storage_get(&cpu_task_charged, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (!t)
        return 0;
    __u64 runtime = prev->se.sum_exec_runtime;
    __u64 from = t->runtime_ns;
    t->runtime_ns = runtime;
    if (from == 0) {
        /* First sight of this task: charge the stretch that just ended, whose start the fair scheduler keeps
         * (prev_sum_exec_runtime, set when it picked the task); other classes do not keep it. */
        int policy = prev->policy;
        if (policy != ZTSDB_SCHED_NORMAL && policy != ZTSDB_SCHED_BATCH && policy != ZTSDB_SCHED_IDLE)
            return 0;
        from = prev->se.prev_sum_exec_runtime;
    }
    if (runtime <= from)
        return 0;
    add_run_time(prev->cgroups->dfl_cgrp->kn->id, runtime - from);
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
