// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Test fixture, not shipped: an object shaped like the collector's (tp_btf and raw_tp variants, a stats map) whose
 * tracepoint no kernel has, to test that such an object is skipped with one log line while the others load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u64);
    __type(value, __u64);
} missing_stats SEC(".maps");

SEC("?tp_btf/ztsdb_no_such_tracepoint")
int BPF_PROG(ztsdb_test_missing_btf)
{
    return 0;
}

SEC("?raw_tp/ztsdb_no_such_tracepoint")
int BPF_PROG(ztsdb_test_missing_raw)
{
    return 0;
}
