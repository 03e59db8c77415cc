// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.List;

/**
 * One BPF object of the collector and how to load it: the variants of its programs to try in order (the first
 * that loads and attaches wins), the map the sampler reads, and the metrics that are missing when no variant
 * loads. Each object is loaded on its own, so a kernel that lacks one attach point loses only that object's
 * metrics.
 *
 * @param family   short name for logs and {@code /stats}, e.g. {@code runqueue}.
 * @param object   the object file in the jar, e.g. {@code container_runq.bpf.o}.
 * @param statsMap   the map the sampler reads (sized to the cgroup capacity before load); the overflow hash when
 *                   there is a slots map.
 * @param slotsMap   the per-CPU array of counter slots ({@code ztsdb_maps.h}, "Counter slots"), sized to the slot
 *                   count before load together with its mask in section {@code .rodata.slots}; null for objects
 *                   that count in the stats map alone.
 * @param updatesMap for objects whose events are rare: the one-entry array counting the stats map's updates, which
 *                   the sampler reads first to skip an unchanged stats map; null for the others.
 * @param variants   the variants, in order of preference.
 * @param metrics    the metrics that come from this object.
 */
record ProbeSpec(String family, String object, String statsMap, String slotsMap, String updatesMap,
                 List<Variant> variants, List<String> metrics) {
    /** The section of the slots map's mask: its only variable, a u64. */
    static final String SLOT_MASK_SECTION = ".rodata.slots";

    /**
     * A set of programs of the object loaded together, and the maps only other variants use (not created, so that
     * a map type the kernel lacks does not fail this variant).
     *
     * @param name       for logs, e.g. {@code tp_btf}.
     * @param programs   the programs to load and attach.
     * @param unusedMaps maps left out of this variant.
     * @param cgroup     true for cgroup_skb programs, attached to the cgroup v2 root instead of a tracepoint.
     */
    record Variant(String name, List<String> programs, List<String> unusedMaps, boolean cgroup) {
        static Variant tracing(final String name, final List<String> programs, final List<String> unusedMaps) {
            return new Variant(name, programs, unusedMaps, false);
        }
    }

    static final ProbeSpec NET = new ProbeSpec("network", "container_net.bpf.o", "net_stats", "net_slots", null,
        List.of(new Variant("cgroup_skb", List.of("ztsdb_net_ingress", "ztsdb_net_egress"), List.of(), true),
            new Variant("cgroup_skb without BPF atomics", List.of("ztsdb_net_ingress_plain", "ztsdb_net_egress_plain"),
                List.of(), true)),
        List.of(MetricNames.NET_RX_BYTES, MetricNames.NET_TX_BYTES, MetricNames.NET_RX_PACKETS,
            MetricNames.NET_TX_PACKETS));

    static final ProbeSpec CPU = new ProbeSpec("cpu", "container_cpu.bpf.o", "cpu_stats", null, null,
        List.of(Variant.tracing("tp_btf", List.of("ztsdb_cpu_btf"), List.of("cpu_last_switch")),
            Variant.tracing("raw_tp", List.of("ztsdb_cpu_raw"), List.of("cpu_task_charged"))),
        List.of());

    static final ProbeSpec IO = new ProbeSpec("block", "container_io.bpf.o", "io_stats", null, null,
        List.of(Variant.tracing("tp_btf", List.of("ztsdb_io_btf"), List.of()),
            Variant.tracing("raw_tp", List.of("ztsdb_io_raw"), List.of())),
        List.of(MetricNames.BLOCK_READ_BYTES, MetricNames.BLOCK_WRITE_BYTES, MetricNames.BLOCK_READ_OPS,
            MetricNames.BLOCK_WRITE_OPS));

    static final ProbeSpec RUNQUEUE = new ProbeSpec("runqueue", "container_runq.bpf.o", "runq_stats", "runq_slots",
        null,
        List.of(Variant.tracing("tp_btf sched_info", List.of("ztsdb_runq_btf"),
                List.of("runq_task_charged", "runq_task_enqueued", "runq_pid_enqueued")),
            Variant.tracing("tp_btf sched_info at switch-out", List.of("ztsdb_runq_depart_btf"),
                List.of("runq_task_enqueued", "runq_pid_enqueued")),
            Variant.tracing("tp_btf timestamps", List.of("ztsdb_runq_wakeup_ts_btf", "ztsdb_runq_wakeup_new_ts_btf",
                "ztsdb_runq_switch_ts_btf"), List.of("runq_task_charged", "runq_pid_enqueued")),
            Variant.tracing("raw_tp timestamps", List.of("ztsdb_runq_wakeup_raw", "ztsdb_runq_wakeup_new_raw",
                "ztsdb_runq_switch_raw"), List.of("runq_task_charged", "runq_task_enqueued"))),
        List.of(MetricNames.RUNQUEUE_WAIT, MetricNames.RUNQUEUE_LATENCY_P50, MetricNames.RUNQUEUE_LATENCY_P99));

    static final ProbeSpec TCP = new ProbeSpec("tcp", "container_tcp.bpf.o", "tcp_stats", null, "tcp_updates",
        List.of(Variant.tracing("tp_btf", List.of("ztsdb_tcp_retrans_btf"), List.of()),
            Variant.tracing("raw_tp", List.of("ztsdb_tcp_retrans_raw"), List.of())),
        List.of(MetricNames.NET_TCP_RETRANSMITS));

    static final ProbeSpec OOM = new ProbeSpec("oom", "container_oom.bpf.o", "oom_stats", null, "oom_updates",
        List.of(Variant.tracing("tp_btf", List.of("ztsdb_oom_btf"), List.of()),
            Variant.tracing("raw_tp", List.of("ztsdb_oom_raw"), List.of())),
        List.of()); // without it, OOM kills come from memory.events / memory.oom_control

    static final ProbeSpec DROP = new ProbeSpec("drops", "container_drop.bpf.o", "drop_stats", null, "drop_updates",
        List.of(Variant.tracing("tp_btf", List.of("ztsdb_drop_btf"), List.of()),
            Variant.tracing("tp_btf without rx_sk", List.of("ztsdb_drop_btf_skb_sk"), List.of()),
            Variant.tracing("raw_tp", List.of("ztsdb_drop_raw"), List.of())),
        List.of(MetricNames.NET_DROPS));

    /**
     * @return the program names of every variant.
     */
    List<String> allPrograms() {
        return variants.stream().flatMap(v -> v.programs().stream()).toList();
    }
}
