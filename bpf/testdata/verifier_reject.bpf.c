// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Test fixture, not shipped: a program the verifier must reject (a map value pointer used without the NULL
 * check), to test that the loader's exception carries the verifier log.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u64);
    __type(value, __u64);
} counts SEC(".maps");

SEC("raw_tp/sched_switch")
int ztsdb_test_reject(void *ctx)
{
    __u64 key = 1;
    __u64 *value = bpf_map_lookup_elem(&counts, &key);
    *value += 1; /* no NULL check: "invalid mem access 'map_value_or_null'" */
    return 0;
}
