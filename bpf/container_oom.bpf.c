// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup OOM kills: oom:mark_victim fires once for every task the OOM killer (global or a memory cgroup's)
 * picks and kills, the same events as the oom_kill count of memory.events. Charged to the victim's cgroup v2.
 * An event per kill instead of a file read per container and round.
 *
 * Variants (non-autoload): tp_btf with the victim task (its first argument since 6.7); raw_tp charging the
 * current task's cgroup, for kernels whose tracepoint passes only a pid: the OOM killer runs in the context of the
 * task whose allocation failed, which for a container's memory limit is a task of that container.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct oom_value);
} oom_stats SEC(".maps");

ZTSDB_UPDATES_MAP(oom_updates)

static __always_inline void account(__u64 id)
{
    struct oom_value *v = bpf_map_lookup_elem(&oom_stats, &id);
    if (!v) {
        struct oom_value init = {};
        bpf_map_update_elem(&oom_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&oom_stats, &id);
        if (!v)
            return;
    }
    v->kills += 1; /* per-CPU value: no atomics needed */
    oom_updates_touch();
}

SEC("?tp_btf/mark_victim")
int BPF_PROG(ztsdb_oom_btf, struct task_struct *victim)
{
    account(victim->cgroups->dfl_cgrp->kn->id);
    return 0;
}

SEC("?raw_tp/mark_victim")
int BPF_PROG(ztsdb_oom_raw)
{
    account(bpf_get_current_cgroup_id());
    return 0;
}
