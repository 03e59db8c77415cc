// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Test fixture, not shipped: a tc (clsact) program that drops every 20th IPv4 TCP packet carrying payload (5 %
 * loss), for the TCP retransmit test where sch_netem is not available. Control packets (SYN, pure ACKs, FIN
 * without data) always pass, so the handshake never waits for a retransmit timeout.
 *   tc filter add dev <veth> ingress bpf direct-action obj tcp_data_drop.bpf.o sec tc
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ZTSDB_TC_ACT_OK 0
#define ZTSDB_TC_ACT_SHOT 2
#define ZTSDB_ETH_P_IP 0x0800
#define ZTSDB_DROP_EVERY 20

__u64 data_packets = 0;
__u64 dropped = 0;

SEC("tc")
int ztsdb_test_tcp_data_drop(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ZTSDB_ETH_P_IP))
        return ZTSDB_TC_ACT_OK;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->protocol != IPPROTO_TCP)
        return ZTSDB_TC_ACT_OK;
    struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
    if ((void *)(tcp + 1) > data_end)
        return ZTSDB_TC_ACT_OK;
    __u32 headers = sizeof(*eth) + ip->ihl * 4 + tcp->doff * 4;
    if (skb->len <= headers)
        return ZTSDB_TC_ACT_OK; /* no payload */
    if (__sync_fetch_and_add(&data_packets, 1) % ZTSDB_DROP_EVERY != ZTSDB_DROP_EVERY - 1)
        return ZTSDB_TC_ACT_OK;
    __sync_fetch_and_add(&dropped, 1);
    return ZTSDB_TC_ACT_SHOT;
}
