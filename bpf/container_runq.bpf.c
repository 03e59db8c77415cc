// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup run-queue latency: how long tasks wait runnable before they run. A wait starts when a task is woken
 * (sched_wakeup, sched_wakeup_new) or is switched out still runnable (preempted or yielding: TASK_RUNNING at
 * sched_switch), and ends when sched_switch switches it in; the wait is then charged to the task's cgroup v2 as a
 * total, a count and a log2 histogram (struct runq_value). These are the points where the scheduler's own
 * schedstat run_delay (/proc/<pid>/schedstat, second field) starts and stops its clock.
 *
 * Two variants of the three programs, all non-autoload: tp_btf keeps the start of the wait in task local storage
 * (5.11+); raw_tp keeps it in a hash by pid (runq_pid_enqueued), for older kernels.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ZTSDB_TASK_RUNNING 0

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct runq_value);
} runq_stats SEC(".maps");

/* tp_btf: per task, when its current wait started (0: not waiting) */
struct runq_task {
    __u64 enqueued_ns;
};

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, struct runq_task);
} runq_task_enqueued SEC(".maps");

/* raw_tp: pid -> when its current wait started */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 65536);
    __type(key, __u32);
    __type(value, __u64);
} runq_pid_enqueued SEC(".maps");

/* task_struct.state was renamed __state in 5.14 */
struct task_struct___pre514 {
    long state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(struct task_struct *t)
{
    if (bpf_core_field_exists(t->__state))
        return BPF_CORE_READ(t, __state);
    return BPF_CORE_READ((struct task_struct___pre514 *)t, state);
}

static __always_inline __u32 log2_u32(__u32 v)
{
    __u32 r = (v > 0xFFFF) << 4;
    v >>= r;
    __u32 shift = (v > 0xFF) << 3;
    v >>= shift;
    r |= shift;
    shift = (v > 0xF) << 2;
    v >>= shift;
    r |= shift;
    shift = (v > 0x3) << 1;
    v >>= shift;
    r |= shift;
    r |= (v >> 1);
    return r;
}

/* slot 0: < 1 us; slot i: [2^(i-1), 2^i) us; the last slot takes everything above */
static __always_inline __u32 slot_of(__u64 wait_ns)
{
    __u64 us = wait_ns / 1000;
    if (us == 0)
        return 0;
    __u32 hi = us >> 32;
    __u32 slot = (hi ? log2_u32(hi) + 32 : log2_u32((__u32)us)) + 1;
    return slot < ZTSDB_RUNQ_SLOTS ? slot : ZTSDB_RUNQ_SLOTS - 1;
}

static __always_inline void account(__u64 id, __u64 wait_ns)
{
    struct runq_value *v = bpf_map_lookup_elem(&runq_stats, &id);
    if (!v) {
        struct runq_value init = {};
        bpf_map_update_elem(&runq_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&runq_stats, &id);
        if (!v)
            return;
    }
    __u32 slot = slot_of(wait_ns);
    __sync_fetch_and_add(&v->wait_ns, wait_ns);
    __sync_fetch_and_add(&v->waits, 1);
    if (slot < ZTSDB_RUNQ_SLOTS)
        __sync_fetch_and_add(&v->slots[slot], 1);
}

static __always_inline void start_wait_btf(struct task_struct *p, __u64 now)
{
    struct runq_task *t = bpf_task_storage_get(&runq_task_enqueued, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (t)
        t->enqueued_ns = now;
}

SEC("?tp_btf/sched_wakeup")
int BPF_PROG(ztsdb_runq_wakeup_btf, struct task_struct *p)
{
    start_wait_btf(p, bpf_ktime_get_ns());
    return 0;
}

SEC("?tp_btf/sched_wakeup_new")
int BPF_PROG(ztsdb_runq_wakeup_new_btf, struct task_struct *p)
{
    start_wait_btf(p, bpf_ktime_get_ns());
    return 0;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_runq_switch_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    __u64 now = bpf_ktime_get_ns();
    if (prev->pid != 0 && task_state(prev) == ZTSDB_TASK_RUNNING)
        start_wait_btf(prev, now); /* still runnable: it waits again from now */
    if (next->pid == 0)
        return 0; /* idle */
    struct runq_task *t = bpf_task_storage_get(&runq_task_enqueued, next, 0, 0);
    if (!t || t->enqueued_ns == 0 || now < t->enqueued_ns)
        return 0; /* woken before the program was attached */
    __u64 wait_ns = now - t->enqueued_ns;
    t->enqueued_ns = 0;
    account(next->cgroups->dfl_cgrp->kn->id, wait_ns);
    return 0;
}

static __always_inline void start_wait_raw(__u32 pid, __u64 now)
{
    if (pid != 0)
        bpf_map_update_elem(&runq_pid_enqueued, &pid, &now, BPF_ANY);
}

SEC("?raw_tp/sched_wakeup")
int BPF_PROG(ztsdb_runq_wakeup_raw, struct task_struct *p)
{
    start_wait_raw(BPF_CORE_READ(p, pid), bpf_ktime_get_ns());
    return 0;
}

SEC("?raw_tp/sched_wakeup_new")
int BPF_PROG(ztsdb_runq_wakeup_new_raw, struct task_struct *p)
{
    start_wait_raw(BPF_CORE_READ(p, pid), bpf_ktime_get_ns());
    return 0;
}

SEC("?raw_tp/sched_switch")
int BPF_PROG(ztsdb_runq_switch_raw, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    __u64 now = bpf_ktime_get_ns();
    if (task_state(prev) == ZTSDB_TASK_RUNNING)
        start_wait_raw(BPF_CORE_READ(prev, pid), now);
    __u32 pid = BPF_CORE_READ(next, pid);
    if (pid == 0)
        return 0;
    __u64 *start = bpf_map_lookup_elem(&runq_pid_enqueued, &pid);
    if (!start)
        return 0;
    __u64 since = *start;
    bpf_map_delete_elem(&runq_pid_enqueued, &pid);
    if (now < since)
        return 0;
    account(BPF_CORE_READ(next, cgroups, dfl_cgrp, kn, id), now - since);
    return 0;
}
