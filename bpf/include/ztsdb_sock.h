/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The cgroup v2 id of a socket, for programs that see a struct sock but not its packet at a cgroup hook: the
 * cgroup the socket was created in (sk_cgrp_data, the same cgroup bpf_skb_cgroup_id() gives the cgroup_skb
 * programs). Needs vmlinux.h and bpf_core_read.h first.
 */
#ifndef ZTSDB_SOCK_H
#define ZTSDB_SOCK_H

#define ZTSDB_TCP_TIME_WAIT 6
#define ZTSDB_TCP_NEW_SYN_RECV 12

/*
 * 0 when unknown: no socket, a timewait or request socket (no sk_cgrp_data: only struct sock_common is there),
 * or a kernel older than 5.15, whose sock_cgroup_data has no plain cgroup pointer.
 */
static __always_inline __u64 ztsdb_sock_cgroup_id(const struct sock *sk)
{
    if (!sk)
        return 0;
    unsigned char state = BPF_CORE_READ(sk, __sk_common.skc_state);
    if (state == ZTSDB_TCP_TIME_WAIT || state == ZTSDB_TCP_NEW_SYN_RECV)
        return 0;
    if (!bpf_core_field_exists(sk->sk_cgrp_data.cgroup))
        return 0;
    return BPF_CORE_READ(sk, sk_cgrp_data.cgroup, kn, id);
}

#endif /* ZTSDB_SOCK_H */
