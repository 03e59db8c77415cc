// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Per-cgroup block I/O: bytes and bios at block_bio_queue (submit time), reads and writes.
 * Attribution (io_config[0]): ZTSDB_IO_ATTRIBUTE_CURRENT uses the submitting task's cgroup v2 id (exact for
 * direct and synchronous I/O; buffered writeback is charged to the flusher, i.e. the root); this is the only
 * v2-joinable source on hybrid hosts, where bi_blkg->blkcg belongs to the v1 blkio tree.
 * ZTSDB_IO_ATTRIBUTE_BLKCG uses bio->bi_blkg->blkcg, which is the v2 cgroup (writeback-correct) when the io
 * controller is on cgroup v2. Two non-autoload variants: tp_btf, raw_tp fallback.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "ztsdb_maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define ZTSDB_REQ_OP_MASK  0xff
#define ZTSDB_REQ_OP_READ  0
#define ZTSDB_REQ_OP_WRITE 1

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4096); /* resized by user space before load */
    __type(key, __u64);
    __type(value, struct io_value);
} io_stats SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u32);
} io_config SEC(".maps");

static __always_inline void account(__u64 id, __u32 opf, __u32 size)
{
    __u32 op = opf & ZTSDB_REQ_OP_MASK;
    if (op != ZTSDB_REQ_OP_READ && op != ZTSDB_REQ_OP_WRITE)
        return;
    struct io_value *v = bpf_map_lookup_elem(&io_stats, &id);
    if (!v) {
        struct io_value init = {};
        bpf_map_update_elem(&io_stats, &id, &init, BPF_NOEXIST);
        v = bpf_map_lookup_elem(&io_stats, &id);
        if (!v)
            return;
    }
    if (op == ZTSDB_REQ_OP_READ) {
        v->read_bytes += size;
        v->read_ops += 1;
    } else {
        v->write_bytes += size;
        v->write_ops += 1;
    }
}

static __always_inline int use_blkcg(void)
{
    __u32 zero = 0;
    __u32 *mode = bpf_map_lookup_elem(&io_config, &zero);
    return mode && *mode == ZTSDB_IO_ATTRIBUTE_BLKCG;
}

SEC("?tp_btf/block_bio_queue")
int BPF_PROG(ztsdb_io_btf, struct bio *bio)
{
    __u64 id;
    if (use_blkcg()) {
        struct blkcg_gq *blkg = bio->bi_blkg;
        if (!blkg)
            return 0;
        id = blkg->blkcg->css.cgroup->kn->id;
    } else {
        id = bpf_get_current_cgroup_id();
    }
    account(id, bio->bi_opf, bio->bi_iter.bi_size);
    return 0;
}

SEC("?raw_tp/block_bio_queue")
int BPF_PROG(ztsdb_io_raw, struct bio *bio)
{
    __u64 id;
    if (use_blkcg()) {
        struct blkcg_gq *blkg = BPF_CORE_READ(bio, bi_blkg);
        if (!blkg)
            return 0;
        id = BPF_CORE_READ(blkg, blkcg, css.cgroup, kn, id);
    } else {
        id = bpf_get_current_cgroup_id();
    }
    account(id, BPF_CORE_READ(bio, bi_opf), BPF_CORE_READ(bio, bi_iter.bi_size));
    return 0;
}
