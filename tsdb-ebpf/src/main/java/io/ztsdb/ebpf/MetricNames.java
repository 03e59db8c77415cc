// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.List;

/**
 * The names and units of the per-container metrics (docs/ebpf.md has where each comes from).
 */
public final class MetricNames {
    /** Percent of one CPU over the interval (docker stats semantics: 200 = two CPUs busy). */
    public static final String CPU_USAGE = "container.cpu.usage";
    /** Memory usage in bytes: {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1), page cache
     * included. */
    public static final String MEMORY_BYTES = "container.memory.bytes";
    /** Received IP bytes (IP header + payload, no L2 header) per second. */
    public static final String NET_RX_BYTES = "container.net.rx.bytes";
    /** Sent IP bytes per second. */
    public static final String NET_TX_BYTES = "container.net.tx.bytes";
    /** Received packets (GSO/GRO segments, not skbs) per second. */
    public static final String NET_RX_PACKETS = "container.net.rx.packets";
    /** Sent packets (GSO segments) per second. */
    public static final String NET_TX_PACKETS = "container.net.tx.packets";
    /** Bytes of read bios submitted per second. */
    public static final String BLOCK_READ_BYTES = "container.block.read.bytes";
    /** Bytes of write bios submitted per second. */
    public static final String BLOCK_WRITE_BYTES = "container.block.write.bytes";
    /** Read bios submitted per second. */
    public static final String BLOCK_READ_OPS = "container.block.read.ops";
    /** Write bios submitted per second. */
    public static final String BLOCK_WRITE_OPS = "container.block.write.ops";

    /** Seconds the container's tasks spent waiting runnable for a CPU, per second (the mean number of waiting
     * tasks). */
    public static final String RUNQUEUE_WAIT = "container.cpu.runqueue.wait";
    /** Median run-queue latency of the waits that ended in the interval, seconds (from the log2 histogram). */
    public static final String RUNQUEUE_LATENCY_P50 = "container.cpu.runqueue.latency.p50";
    /** 99th percentile run-queue latency of the waits that ended in the interval, seconds. */
    public static final String RUNQUEUE_LATENCY_P99 = "container.cpu.runqueue.latency.p99";
    /** Throttled CFS periods per second (the container's CPU quota ran out in that period). */
    public static final String CPU_THROTTLED_PERIODS = "container.cpu.throttled.periods";
    /** Seconds throttled per second (summed over the CPUs the container was throttled on). */
    public static final String CPU_THROTTLED_TIME = "container.cpu.throttled.time";
    /** Working set in bytes: usage minus inactive file pages (cAdvisor's and the kubelet's definition). */
    public static final String MEMORY_WORKING_SET = "container.memory.working_set";
    /** OOM kills in the container during the interval (a count, not a rate). */
    public static final String MEMORY_OOM_KILLS = "container.memory.oom_kills";
    /** TCP segments retransmitted per second by the container's sockets. */
    public static final String NET_TCP_RETRANSMITS = "container.net.tcp.retransmits";
    /** Packets of the container's sockets dropped by the kernel per second, one series per {@value #LABEL_REASON}.
     */
    public static final String NET_DROPS = "container.net.drops";
    /** The label that {@link #NET_DROPS} adds to the container's labels: the kernel's drop reason, e.g.
     * {@code SOCKET_RCVBUFF}. */
    public static final String LABEL_REASON = "reason";

    /** Every metric whose labels are exactly the container's, in a stable order (not {@link #NET_DROPS}). */
    public static final List<String> PER_CONTAINER = List.of(CPU_USAGE, MEMORY_BYTES, NET_RX_BYTES, NET_TX_BYTES,
        NET_RX_PACKETS, NET_TX_PACKETS, BLOCK_READ_BYTES, BLOCK_WRITE_BYTES, BLOCK_READ_OPS, BLOCK_WRITE_OPS,
        RUNQUEUE_WAIT, RUNQUEUE_LATENCY_P50, RUNQUEUE_LATENCY_P99, CPU_THROTTLED_PERIODS, CPU_THROTTLED_TIME,
        MEMORY_WORKING_SET, MEMORY_OOM_KILLS, NET_TCP_RETRANSMITS);

    /** Every metric: {@link #PER_CONTAINER} and {@link #NET_DROPS}. */
    public static final List<String> ALL = java.util.stream.Stream.concat(PER_CONTAINER.stream(),
        java.util.stream.Stream.of(NET_DROPS)).toList();

    private MetricNames() {
    }
}
