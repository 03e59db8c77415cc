// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.List;

/**
 * The names and units of the ten per-container metrics.
 */
public final class MetricNames {
    /** Percent of one CPU over the interval (docker stats semantics: 200 = two CPUs busy). */
    public static final String CPU_USAGE = "container.cpu.usage";
    /** Memory usage in bytes: {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1), page cache
     * included (the working set, usage minus inactive file pages, is what docker stats prints). */
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

    /** All ten, in a stable order. */
    public static final List<String> ALL = List.of(CPU_USAGE, MEMORY_BYTES, NET_RX_BYTES, NET_TX_BYTES,
        NET_RX_PACKETS, NET_TX_PACKETS, BLOCK_READ_BYTES, BLOCK_WRITE_BYTES, BLOCK_READ_OPS, BLOCK_WRITE_OPS);

    private MetricNames() {
    }
}
