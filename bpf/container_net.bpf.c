// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup network counters: cgroup_skb ingress/egress attached (bpf_link, multi) at the cgroup v2 root.
 * Keyed by bpf_skb_cgroup_id(skb): the socket's cgroup. bpf_get_current_cgroup_id() is wrong at ingress
 * (softirq runs in another task's context). Sockets of the root cgroup (host processes outside any cgroup) are not
 * counted: no container is there. Counters go to the cgroup's slot of net_slots, or to the hash net_stats when both
 * of its slots belong to other cgroups on this CPU (ztsdb_maps.h, "Counter slots").
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1024); /* resized by user space before load, a power of two */
    __type(key, __u32);
    __type(value, struct net_slot);
} net_slots SEC(".maps");

/* net_slots' max_entries - 1, set by user space before load */
const volatile __u64 net_slot_mask SEC(".rodata.slots") = 0;

/* an ingress program can run inside an egress program on one CPU (softirq): claims need a compare-and-swap */
ZTSDB_SLOT_LOOKUP(net_slot, net_slots, struct net_slot, net_slot_mask, 1)
/* the same with plain claims, for kernels without BPF atomics (before 5.12) */
ZTSDB_SLOT_LOOKUP(net_slot_plain, net_slots, struct net_slot, net_slot_mask, 0)

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct net_value);
} net_stats SEC(".maps");

static __always_inline int count(struct __sk_buff *skb, int egress, int atomic)
{
    __u64 id = bpf_skb_cgroup_id(skb);
    if (id == 1)
        return 1; /* the root cgroup */
    struct net_value *v;
    struct net_slot *s = atomic ? net_slot(id) : net_slot_plain(id);
    if (s) {
        v = &s->v;
    } else if (!(v = bpf_map_lookup_elem(&net_stats, &id))) {
        struct net_value zero = {};
        bpf_map_update_elem(&net_stats, &id, &zero, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&net_stats, &id);
        if (!v)
            return 1;
    }
    __u64 segs = skb->gso_segs; /* read once: each read is three loads (head, end, shared info) */
    segs += segs == 0;
    /* per-CPU value: no atomics needed */
    if (egress) {
        v->tx_bytes += skb->len;
        v->tx_packets += segs;
    } else {
        v->rx_bytes += skb->len;
        v->rx_packets += segs;
    }
    return 1; /* 1 = let the packet pass */
}

SEC("cgroup_skb/ingress")
int ztsdb_net_ingress(struct __sk_buff *skb)
{
    return count(skb, 0, 1);
}

SEC("cgroup_skb/egress")
int ztsdb_net_egress(struct __sk_buff *skb)
{
    return count(skb, 1, 1);
}

/* fallback variant, kernels before 5.12: a claim racing a nested program's claim of the same slot on this CPU can
 * count the nested program's packet for the other cgroup */
SEC("?cgroup_skb/ingress")
int ztsdb_net_ingress_plain(struct __sk_buff *skb)
{
    return count(skb, 0, 0);
}

SEC("?cgroup_skb/egress")
int ztsdb_net_egress_plain(struct __sk_buff *skb)
{
    return count(skb, 1, 0);
}
