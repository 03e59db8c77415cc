// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup packet drops by reason: skb:kfree_skb (every freed packet that was dropped, not consumed), charged
 * to the cgroup of the socket the packet belonged to: the receiving socket the kernel passes as rx_sk (6.11+),
 * else skb->sk (packets a socket sent). Drops before any socket is known (no route, filtered at ingress, bad
 * checksum before the socket lookup) belong to no container and are not counted. The reason is the kernel's
 * enum skb_drop_reason (5.17+); user space names it from the running kernel's BTF.
 *
 * Variants (non-autoload), first that loads wins: tp_btf with rx_sk (4 arguments, 6.11+), tp_btf without it
 * (5.17-6.10: the verifier rejects reading a fourth argument there), raw_tp without it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"
#include "ztsdb_sock.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, struct drop_key);
    __type(value, __u64);
} drop_stats SEC(".maps");

ZTSDB_UPDATES_MAP(drop_updates)

static __always_inline void account(const struct sock *sk, __u32 reason)
{
    /* kfree_skb fires for dropped packets only since consume_skb got its own tracepoint; older kernels passed
     * consumed ones with reason SKB_CONSUMED */
    if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_CONSUMED)
        && reason == bpf_core_enum_value(enum skb_drop_reason, SKB_CONSUMED))
        return;
    struct drop_key key = {.cgroup_id = ztsdb_sock_cgroup_id(sk), .reason = reason};
    if (!key.cgroup_id)
        return;
    __u64 *v = bpf_map_lookup_elem(&drop_stats, &key);
    if (!v) {
        __u64 zero = 0;
        bpf_map_update_elem(&drop_stats, &key, &zero, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&drop_stats, &key);
        if (!v)
            return;
    }
    *v += 1; /* per-CPU value: no atomics needed */
    drop_updates_touch();
}

SEC("?tp_btf/kfree_skb")
int BPF_PROG(ztsdb_drop_btf, struct sk_buff *skb, void *location, enum skb_drop_reason reason, struct sock *rx_sk)
{
    account(rx_sk ? rx_sk : skb->sk, reason);
    return 0;
}

SEC("?tp_btf/kfree_skb")
int BPF_PROG(ztsdb_drop_btf_skb_sk, struct sk_buff *skb, void *location, enum skb_drop_reason reason)
{
    account(skb->sk, reason);
    return 0;
}

SEC("?raw_tp/kfree_skb")
int BPF_PROG(ztsdb_drop_raw, struct sk_buff *skb, void *location, int reason)
{
    account(BPF_CORE_READ(skb, sk), reason);
    return 0;
}
