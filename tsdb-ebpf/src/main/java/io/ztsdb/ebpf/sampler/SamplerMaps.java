// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.libbpf.BpfMap;

/**
 * The BPF maps a sampler reads; each is null when its program is not loaded (disabled, or the kernel lacks it).
 *
 * @param net  {@code net_stats} (cgroup_skb; the overflow of {@code netSlots} when that is there).
 * @param cpu  {@code cpu_stats} (sched_switch on-CPU time).
 * @param io   {@code io_stats} (block_bio_queue).
 * @param runq {@code runq_stats} (run-queue latency; the overflow of {@code runqSlots} when that is there).
 * @param tcp  {@code tcp_stats} (TCP retransmits) and its update counter.
 * @param drop {@code drop_stats} (kfree_skb drops by reason) and its update counter.
 * @param oom  {@code oom_stats} (mark_victim OOM kills) and its update counter.
 * @param netSlots  {@code net_slots}, the per-CPU counter slots of the network counters, or null.
 * @param runqSlots {@code runq_slots}, the per-CPU counter slots of the run-queue latency, or null.
 */
public record SamplerMaps(BpfMap net, BpfMap cpu, BpfMap io, BpfMap runq, EventMap tcp, EventMap drop, EventMap oom,
                          BpfMap netSlots, BpfMap runqSlots) {
    /** No maps: cgroupfs only. */
    public static final SamplerMaps NONE = new SamplerMaps(null, null, null, null, null, null, null, null, null);
}
