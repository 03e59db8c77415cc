/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Map keys and values shared by the BPF programs and the Java side (io.ztsdb.ebpf.layout.MapLayouts).
 * Every map is keyed by the cgroup v2 id (__u64, the inode number of the cgroup's directory under the
 * unified mount). Values are monotonic __u64 counters; user space computes wrap-safe deltas.
 * Keep every change in step with MapLayouts and its test.
 */
#ifndef ZTSDB_MAPS_H
#define ZTSDB_MAPS_H

/*
 * The objects whose events are rare (TCP retransmits, drops, OOM kills) also count every update in a one-entry
 * BPF_MAP_TYPE_ARRAY of __u64 (<name>_updates): user space reads that one value each round and reads the stats map
 * only when it changed, instead of walking all the map's buckets for nothing.
 */
#define ZTSDB_UPDATES_MAP(name)                                                                                      \
    struct {                                                                                                       \
        __uint(type, BPF_MAP_TYPE_ARRAY);                                                                          \
        __uint(max_entries, 1);                                                                                    \
        __type(key, __u32);                                                                                        \
        __type(value, __u64);                                                                                      \
    } name SEC(".maps");                                                                                           \
    static __always_inline void name##_touch(void)                                                                 \
    {                                                                                                              \
        __u32 zero = 0;                                                                                            \
        __u64 *n = bpf_map_lookup_elem(&name, &zero);                                                              \
        if (n)                                                                                                     \
            __sync_fetch_and_add(n, 1);                                                                            \
    }

/*
 * Counter slots (the maps <name>_slots of container_net and container_runq): a BPF_MAP_TYPE_PERCPU_ARRAY whose
 * value is the cgroup id that owns the slot on this CPU followed by the counters. A cgroup has two candidate slots,
 * both taken from the multiplicative hash of its id (ztsdb_slot_first/second below, mirrored by
 * io.ztsdb.ebpf.sampler.SlotReader); the first that holds its id, or is free (id 0) and claimed, takes the event.
 * When both hold other cgroups on this CPU, the event goes to the per-CPU hash keyed by the id, the overflow. An
 * array lookup is inlined by the verifier and needs no hashing of the key: about half the cost of the hash.
 *
 * A claim zeroes the counters, then sets the id. Where programs can nest on one CPU (cgroup_skb: a softirq's
 * ingress program inside a task's egress program) it sets it with a compare-and-swap, so that a nested claim of
 * the same slot in between wins and the outer program moves on (BPF atomics: Linux 5.12+; the network object has
 * a variant with a plain store for older kernels). The scheduler hooks run with the run queue locked and
 * interrupts off, so nothing nests and a plain store is exact. User space reads every slot and adds the counters of
 * each CPU to the cgroup whose id that CPU's copy holds; it frees a slot (writes zeros to all CPUs) only when no
 * CPU's copy holds a cgroup it still watches or that still exists, so a live cgroup's counters never go back.
 * The mask (slots - 1, slots a power of two) is a read-only global in section .rodata.slots, set by user space
 * before load: the verifier sees it as a constant.
 */
#define ZTSDB_SLOT_HASH 0x9E3779B97F4A7C15ULL
#define ZTSDB_SLOT_MAX_BITS 20

static __always_inline __u32 ztsdb_slot_first(__u64 id, __u64 mask)
{
    return ((id * ZTSDB_SLOT_HASH) >> 40) & mask;
}

static __always_inline __u32 ztsdb_slot_second(__u64 id, __u64 mask)
{
    return ((id * ZTSDB_SLOT_HASH) >> 20) & mask;
}

/*
 * Defines `static type *fn(__u64 id)`: the slot of `map` (values of `type`, fields cgroup_id and v) that counts
 * cgroup `id` on this CPU, or NULL when both candidates belong to other cgroups (the caller uses the overflow hash).
 * `atomic`: 1 to claim with a compare-and-swap (programs that can nest on one CPU), 0 with a plain store.
 */
#define ZTSDB_SLOT_LOOKUP(fn, map, type, mask, atomic)                                                             \
    static __always_inline type *fn##_claim(type *s, __u64 id)                                                     \
    {                                                                                                              \
        __builtin_memset(&s->v, 0, sizeof(s->v));                                                                  \
        if (!(atomic)) {                                                                                           \
            s->cgroup_id = id;                                                                                     \
            return s;                                                                                              \
        }                                                                                                          \
        if (__sync_val_compare_and_swap(&s->cgroup_id, 0, id) == 0)                                                \
            return s;                                                                                              \
        return s->cgroup_id == id ? s : NULL;                                                                      \
    }                                                                                                              \
    static __always_inline type *fn(__u64 id)                                                                      \
    {                                                                                                              \
        __u32 first = ztsdb_slot_first(id, mask);                                                                  \
        type *s = bpf_map_lookup_elem(&map, &first);                                                               \
        if (!s)                                                                                                    \
            return NULL;                                                                                           \
        if (s->cgroup_id == id)                                                                                    \
            return s;                                                                                              \
        if (s->cgroup_id == 0 && (s = fn##_claim(s, id)))                                                          \
            return s;                                                                                              \
        __u32 second = ztsdb_slot_second(id, mask);                                                                \
        s = bpf_map_lookup_elem(&map, &second);                                                                    \
        if (!s)                                                                                                    \
            return NULL;                                                                                           \
        if (s->cgroup_id == id)                                                                                    \
            return s;                                                                                              \
        if (s->cgroup_id == 0)                                                                                     \
            return fn##_claim(s, id);                                                                              \
        return NULL;                                                                                               \
    }

/* container_net.bpf.c, map net_stats (BPF_MAP_TYPE_PERCPU_HASH, the overflow of net_slots): 32 bytes. */
struct net_value {
    __u64 rx_bytes;   /* skb->len at ingress: IP header + payload (no L2 header) */
    __u64 rx_packets; /* max(gso_segs, 1): wire-ish packets, not skbs */
    __u64 tx_bytes;
    __u64 tx_packets;
};

/* container_net.bpf.c, map net_slots (BPF_MAP_TYPE_PERCPU_ARRAY): 40 bytes. */
struct net_slot {
    __u64 cgroup_id; /* the owner on this CPU, 0: free */
    struct net_value v;
};

/* container_cpu.bpf.c, map cpu_stats (BPF_MAP_TYPE_PERCPU_HASH): 16 bytes. */
struct cpu_value {
    __u64 run_ns;     /* on-CPU time charged at switch-out */
    __u64 switches;   /* number of switch-outs */
};

/* container_io.bpf.c, map io_stats (BPF_MAP_TYPE_PERCPU_HASH): 32 bytes. */
struct io_value {
    __u64 read_bytes;  /* bio->bi_iter.bi_size at block_bio_queue, REQ_OP_READ */
    __u64 read_ops;    /* 1 per bio (v1 blkio io_serviced semantics) */
    __u64 write_bytes;
    __u64 write_ops;
};

/* container_io.bpf.c, map io_config (BPF_MAP_TYPE_ARRAY, 1 entry, __u32): attribution mode. */
#define ZTSDB_IO_ATTRIBUTE_CURRENT 0 /* bpf_get_current_cgroup_id(): hybrid hosts (io on v1) */
#define ZTSDB_IO_ATTRIBUTE_BLKCG   1 /* bio->bi_blkg->blkcg css id: io controller on cgroup v2 */

/* container_runq.bpf.c, map runq_stats (BPF_MAP_TYPE_PERCPU_HASH, the overflow of runq_slots): 208 bytes. */
#define ZTSDB_RUNQ_SLOTS 24
struct runq_value {
    __u64 wait_ns;                  /* sum of the waits that ended (the task was switched in) */
    __u64 waits;                    /* number of such waits */
    __u64 slots[ZTSDB_RUNQ_SLOTS];  /* log2 histogram of the waits in us: slot 0 < 1 us, slot i in [2^(i-1), 2^i) us,
                                       the last slot open-ended (>= 2^22 us, 4.2 s) */
};

/* container_runq.bpf.c, map runq_slots (BPF_MAP_TYPE_PERCPU_ARRAY): 216 bytes. */
struct runq_slot {
    __u64 cgroup_id; /* the owner on this CPU, 0: free */
    struct runq_value v;
};

/* container_tcp.bpf.c, map tcp_stats (BPF_MAP_TYPE_PERCPU_HASH): 8 bytes. */
struct tcp_value {
    __u64 retrans_segs; /* segments retransmitted (tcp_skb_pcount of each skb at tcp_retransmit_skb), the unit of
                           tcpi_total_retrans */
};

/* container_oom.bpf.c, map oom_stats (BPF_MAP_TYPE_PERCPU_HASH): 8 bytes. */
struct oom_value {
    __u64 kills; /* tasks of the cgroup killed by the OOM killer (oom:mark_victim) */
};

/* container_drop.bpf.c, map drop_stats (BPF_MAP_TYPE_PERCPU_HASH): key 16 bytes, value __u64 packets. */
struct drop_key {
    __u64 cgroup_id; /* the cgroup of the socket the packet belonged to (rx_sk, else skb->sk) */
    __u32 reason;    /* enum skb_drop_reason of the running kernel; names come from its BTF */
    __u32 pad;
};

#endif /* ZTSDB_MAPS_H */
