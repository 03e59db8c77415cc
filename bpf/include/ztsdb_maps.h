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

/* container_net.bpf.c, map net_stats (BPF_MAP_TYPE_PERCPU_HASH): 32 bytes. */
struct net_value {
    __u64 rx_bytes;   /* skb->len at ingress: IP header + payload (no L2 header) */
    __u64 rx_packets; /* max(gso_segs, 1): wire-ish packets, not skbs */
    __u64 tx_bytes;
    __u64 tx_packets;
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

/* container_runq.bpf.c, map runq_stats (BPF_MAP_TYPE_HASH, atomic adds): 208 bytes. A plain hash, not per CPU:
 * the histogram is large, and a per-CPU value would multiply the user-space read buffer by the CPU count. */
#define ZTSDB_RUNQ_SLOTS 24
struct runq_value {
    __u64 wait_ns;                  /* sum of the waits that ended (the task was switched in) */
    __u64 waits;                    /* number of such waits */
    __u64 slots[ZTSDB_RUNQ_SLOTS];  /* log2 histogram of the waits in us: slot 0 < 1 us, slot i in [2^(i-1), 2^i) us,
                                       the last slot open-ended (>= 2^22 us, 4.2 s) */
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
