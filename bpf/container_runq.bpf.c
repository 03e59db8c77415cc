// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup run-queue latency: how long tasks wait runnable before they run, charged to the task's cgroup v2 as
 * a total, a count and a log2 histogram (struct runq_value).
 *
 * Preferred variant (tp_btf, one program on sched_switch, no per-task state): the scheduler times every wait itself
 * in sched_info (CONFIG_SCHED_INFO, what /proc/<pid>/schedstat prints): at enqueue it stores last_queued, the run
 * queue's clock; when the task gets the CPU, sched_info_arrive() adds rq->clock - last_queued to run_delay. The
 * sched_switch tracepoint fires just before that, with the same rq->clock, so the program charges the task being
 * switched in exactly the wait schedstat is about to add. The run queue comes from next->se.cfs_rq->rq (the task's
 * CPU is this CPU; CONFIG_FAIR_GROUP_SCHED): the per-CPU symbol `runqueues` needs data symbols in kallsyms, which
 * kernels without CONFIG_KALLSYMS_ALL lack. The part of a wait before a migration (charged by schedstat at dequeue)
 * is not counted.
 *
 * Second variant (tp_btf, one program on sched_switch, kernels without the cfs_rq link): at switch-out, charge the
 * growth of sched_info.run_delay and pcount since the task was last seen (task local storage). A task first seen is
 * charged everything since it started if it started after the program, else nothing.
 *
 * Tasks of the root cgroup (kernel threads, host processes outside any cgroup) are not charged: no container is
 * there, and they are most of a host's context switches.
 *
 * Fallback variants (three programs each), for kernels without sched_info: a wait starts at sched_wakeup,
 * sched_wakeup_new, or a switch-out while still runnable (preempted or yielding: TASK_RUNNING), and ends when
 * sched_switch switches the task in, timed with bpf_ktime_get_ns; tp_btf keeps the start in task local storage
 * (5.11+), raw_tp in a hash by pid.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ZTSDB_TASK_RUNNING 0
#define ZTSDB_ROOT_CGROUP_ID 1

/* per CPU: no atomics on the hot path. The counters of a cgroup are in its slot of runq_slots, or in the hash
 * runq_stats when both of its slots belong to other cgroups on this CPU (ztsdb_maps.h, "Counter slots"). */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1024); /* resized by user space before load, a power of two */
    __type(key, __u32);
    __type(value, struct runq_slot);
} runq_slots SEC(".maps");

/* runq_slots' max_entries - 1, set by user space before load */
const volatile __u64 runq_slot_mask SEC(".rodata.slots") = 0;

/* plain claims: the scheduler hooks run with the run queue locked and interrupts off, nothing nests */
ZTSDB_SLOT_LOOKUP(runq_slot, runq_slots, struct runq_slot, runq_slot_mask, 0)

/* the overflow: allocated per cgroup on first use, not up front (a value is 208 bytes per possible CPU) */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct runq_value);
} runq_stats SEC(".maps");

/* sched_info at switch-out: per task, its run_delay and pcount when last charged */
struct runq_charged {
    __u64 run_delay_ns;
    __u64 pcount;
};

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, struct runq_charged);
} runq_task_charged SEC(".maps");

/* CLOCK_MONOTONIC ns when the switch-out program first ran: tasks started later are charged from their start */
__u64 runq_watching_since_ns = 0;

/* timestamp variant, tp_btf: per task, when its current wait started (0: not waiting) */
struct runq_task {
    __u64 enqueued_ns;
};

struct {
    __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, int);
    __type(value, struct runq_task);
} runq_task_enqueued SEC(".maps");

/* timestamp variant, raw_tp: pid -> when its current wait started */
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

static __always_inline __u32 log2_u64(__u64 v)
{
    __u32 hi = v >> 32;
    return hi ? log2_u32(hi) + 32 : log2_u32((__u32)v);
}

/* slot 0: < 1 us; slot i: [2^(i-1), 2^i) us; the last slot takes everything above. floor(log2(ns / 1000)) is
 * floor(log2(ns)) - 9 or one less: one comparison instead of a 64-bit division on every context switch. */
static __always_inline __u32 slot_of(__u64 wait_ns)
{
    if (wait_ns < 1000)
        return 0;
    __u32 k = log2_u64(wait_ns) - 9;
    if (wait_ns < (1000ULL << k))
        k--;
    __u32 slot = k + 1;
    return slot < ZTSDB_RUNQ_SLOTS ? slot : ZTSDB_RUNQ_SLOTS - 1;
}

/* adds `waits` waits of `wait_ns` in all to a cgroup; the histogram takes their mean (usually there is one) */
static __always_inline void account(__u64 id, __u64 wait_ns, __u64 waits)
{
    if (id == ZTSDB_ROOT_CGROUP_ID)
        return;
    struct runq_value *v;
    struct runq_slot *s = runq_slot(id);
    if (s) {
        v = &s->v;
    } else if (!(v = bpf_map_lookup_elem(&runq_stats, &id))) {
        struct runq_value init = {};
        bpf_map_update_elem(&runq_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&runq_stats, &id);
        if (!v)
            return;
    }
    __u32 slot = slot_of(waits == 1 ? wait_ns : wait_ns / waits);
    v->wait_ns += wait_ns; /* per-CPU value: no atomics needed */
    v->waits += waits;
    asm volatile("" : "+r"(slot)); /* keeps the check below, which the verifier needs: it cannot see slot_of's clamp */
    if (slot < ZTSDB_RUNQ_SLOTS)
        v->slots[slot] += waits;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_runq_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    __u64 queued = next->sched_info.last_queued;
    if (queued == 0)
        return 0; /* idle (never queued), or no wait to end */
    __u64 wait_ns = next->se.cfs_rq->rq->clock - queued;
    if ((__s64)wait_ns < 0)
        return 0;
    account(next->cgroups->dfl_cgrp->kn->id, wait_ns, 1);
    return 0;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_runq_depart_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
{
    if (prev->pid == 0)
        return 0; /* idle */
    struct runq_charged *c = bpf_task_storage_get(&runq_task_charged, prev, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (!c)
        return 0;
    __u64 run_delay = prev->sched_info.run_delay;
    __u64 pcount = prev->sched_info.pcount;
    if (c->pcount == 0) { /* first sight */
        __u64 since = runq_watching_since_ns;
        if (since == 0) {
            since = bpf_ktime_get_ns();
            __sync_val_compare_and_swap(&runq_watching_since_ns, 0, since);
        }
        if (prev->start_time < since) {
            c->run_delay_ns = run_delay;
            c->pcount = pcount;
            return 0;
        }
    }
    __u64 waits = pcount - c->pcount;
    __u64 wait_ns = run_delay - c->run_delay_ns;
    c->run_delay_ns = run_delay;
    c->pcount = pcount;
    if (waits == 0 || (__s64)wait_ns < 0)
        return 0;
    account(prev->cgroups->dfl_cgrp->kn->id, wait_ns, waits);
    return 0;
}

static __always_inline void start_wait_btf(struct task_struct *p, __u64 now)
{
    if (p->cgroups->dfl_cgrp->kn->id == ZTSDB_ROOT_CGROUP_ID)
        return; /* not charged anyway: no task storage for it */
    struct runq_task *t = bpf_task_storage_get(&runq_task_enqueued, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
    if (t)
        t->enqueued_ns = now;
}

SEC("?tp_btf/sched_wakeup")
int BPF_PROG(ztsdb_runq_wakeup_ts_btf, struct task_struct *p)
{
    start_wait_btf(p, bpf_ktime_get_ns());
    return 0;
}

SEC("?tp_btf/sched_wakeup_new")
int BPF_PROG(ztsdb_runq_wakeup_new_ts_btf, struct task_struct *p)
{
    start_wait_btf(p, bpf_ktime_get_ns());
    return 0;
}

SEC("?tp_btf/sched_switch")
int BPF_PROG(ztsdb_runq_switch_ts_btf, bool preempt, struct task_struct *prev, struct task_struct *next)
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
    account(next->cgroups->dfl_cgrp->kn->id, wait_ns, 1);
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
    account(BPF_CORE_READ(next, cgroups, dfl_cgrp, kn, id), now - since, 1);
    return 0;
}
