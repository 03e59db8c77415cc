// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup TCP retransmits: tcp:tcp_retransmit_skb, charged to the cgroup of the socket (retransmits mostly
 * run from timers and softirq, in no particular task's context). Counts segments, tcp_skb_pcount(skb) of each
 * retransmitted skb, which is what the kernel adds to tcpi_total_retrans. Since 6.11 the tracepoint has a third
 * argument (err) and fires at the end of __tcp_retransmit_skb for every attempt, also for those that give up before
 * transmitting (the skb still in the host queue: -EBUSY, the socket's write memory full: -EAGAIN, -EINVAL), which
 * total_retrans does not count; they are frequent on a loaded host. The tp_btf variant reads err and skips them;
 * a kernel whose tracepoint has two arguments refuses that program (context access past its arguments) and the
 * raw_tp fallback, which reads two, runs: there the tracepoint fires only for transmitted segments.
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
    __type(key, __u64);
    __type(value, struct tcp_value);
} tcp_stats SEC(".maps");

ZTSDB_UPDATES_MAP(tcp_updates)

static __always_inline void account(const struct sock *sk, const struct sk_buff *skb)
{
    __u64 id = ztsdb_sock_cgroup_id(sk);
    if (!id)
        return;
    /* TCP_SKB_CB(skb)->tcp_gso_segs: the segments this skb carries */
    struct tcp_skb_cb *cb = (struct tcp_skb_cb *)&skb->cb[0];
    __u64 segs = BPF_CORE_READ(cb, tcp_gso_segs);
    if (segs == 0)
        segs = 1;
    struct tcp_value *v = bpf_map_lookup_elem(&tcp_stats, &id);
    if (!v) {
        struct tcp_value init = {};
        bpf_map_update_elem(&tcp_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&tcp_stats, &id);
        if (!v)
            return;
    }
    v->retrans_segs += segs; /* per-CPU value: no atomics needed */
    tcp_updates_touch();
}

SEC("?tp_btf/tcp_retransmit_skb")
int BPF_PROG(ztsdb_tcp_retrans_btf, const struct sock *sk, const struct sk_buff *skb, int err)
{
    /* attempts that returned before transmitting; errors after the transmit are counted, as total_retrans does */
    if (err == -16 /* EBUSY */ || err == -11 /* EAGAIN */ || err == -22 /* EINVAL */)
        return 0;
    account(sk, skb);
    return 0;
}

SEC("?raw_tp/tcp_retransmit_skb")
int BPF_PROG(ztsdb_tcp_retrans_raw, const struct sock *sk, const struct sk_buff *skb)
{
    account(sk, skb);
    return 0;
}
