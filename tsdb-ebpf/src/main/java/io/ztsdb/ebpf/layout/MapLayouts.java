// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.layout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Java mirrors of the map values in {@code bpf/include/ztsdb_maps.h}. Every map is keyed by the cgroup v2 id
 * ({@code __u64}); per-CPU maps return one value per possible CPU, each rounded up to 8 bytes.
 * <pre>
 *  net_value (32 B)          cpu_value (16 B)        io_value (32 B)
 *  0  rx_bytes   u64         0 run_ns   u64          0  read_bytes  u64
 *  8  rx_packets u64         8 switches u64          8  read_ops    u64
 *  16 tx_bytes   u64                                 16 write_bytes u64
 *  24 tx_packets u64                                 24 write_ops   u64
 *
 *  runq_value (208 B)   tcp_value (8 B)       oom_value (8 B)   drop_key (16 B; value: u64 packets)
 *  0  wait_ns   u64     0 retrans_segs u64    0 kills u64       0  cgroup_id u64
 *  8  waits     u64                                             8  reason    u32
 *  16 slots[24] u64: slot 0 &lt; 1 us, slot i [2^(i-1), 2^i) us    12 pad       u32
 *
 *  net_slot (40 B), runq_slot (216 B): values of the per-CPU arrays net_slots and runq_slots (key: u32 index)
 *  0 cgroup_id u64 (the owner on this CPU, 0: free)
 *  8 net_value / runq_value
 * </pre>
 */
public final class MapLayouts {
    /** Size of the key of every map: the cgroup v2 id. */
    public static final int KEY_LENGTH = Long.BYTES;

    /** {@code struct net_value}. */
    public static final StructLayout NET_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("rx_bytes"),
        JAVA_LONG.withName("rx_packets"),
        JAVA_LONG.withName("tx_bytes"),
        JAVA_LONG.withName("tx_packets")).withName("net_value");
    public static final int NET_RX_BYTES_OFFSET = 0;
    public static final int NET_RX_PACKETS_OFFSET = NET_RX_BYTES_OFFSET + Long.BYTES;
    public static final int NET_TX_BYTES_OFFSET = NET_RX_PACKETS_OFFSET + Long.BYTES;
    public static final int NET_TX_PACKETS_OFFSET = NET_TX_BYTES_OFFSET + Long.BYTES;
    public static final int NET_VALUE_LENGTH = NET_TX_PACKETS_OFFSET + Long.BYTES;
    /** The values of a net_value as u64 fields, in order. */
    public static final int NET_FIELDS = NET_VALUE_LENGTH / Long.BYTES;

    /** {@code struct net_slot}. */
    public static final StructLayout NET_SLOT = MemoryLayout.structLayout(
        JAVA_LONG.withName("cgroup_id"),
        NET_VALUE.withName("v")).withName("net_slot");

    /** Offset of the owner's cgroup id in a slot value ({@code net_slot}, {@code runq_slot}). */
    public static final int SLOT_CGROUP_ID_OFFSET = 0;
    /** Offset of the counters in a slot value. */
    public static final int SLOT_COUNTERS_OFFSET = SLOT_CGROUP_ID_OFFSET + Long.BYTES;

    /** {@code struct cpu_value}. */
    public static final StructLayout CPU_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("run_ns"),
        JAVA_LONG.withName("switches")).withName("cpu_value");
    public static final int CPU_RUN_NS_OFFSET = 0;
    public static final int CPU_SWITCHES_OFFSET = CPU_RUN_NS_OFFSET + Long.BYTES;
    public static final int CPU_VALUE_LENGTH = CPU_SWITCHES_OFFSET + Long.BYTES;

    /** {@code struct io_value}. */
    public static final StructLayout IO_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("read_bytes"),
        JAVA_LONG.withName("read_ops"),
        JAVA_LONG.withName("write_bytes"),
        JAVA_LONG.withName("write_ops")).withName("io_value");
    public static final int IO_READ_BYTES_OFFSET = 0;
    public static final int IO_READ_OPS_OFFSET = IO_READ_BYTES_OFFSET + Long.BYTES;
    public static final int IO_WRITE_BYTES_OFFSET = IO_READ_OPS_OFFSET + Long.BYTES;
    public static final int IO_WRITE_OPS_OFFSET = IO_WRITE_BYTES_OFFSET + Long.BYTES;
    public static final int IO_VALUE_LENGTH = IO_WRITE_OPS_OFFSET + Long.BYTES;

    /** Slots of the run-queue latency histogram ({@code ZTSDB_RUNQ_SLOTS}). */
    public static final int RUNQ_SLOTS = 24;
    /** {@code struct runq_value}. */
    public static final StructLayout RUNQ_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("wait_ns"),
        JAVA_LONG.withName("waits"),
        MemoryLayout.sequenceLayout(RUNQ_SLOTS, JAVA_LONG).withName("slots")).withName("runq_value");
    public static final int RUNQ_WAIT_NS_OFFSET = 0;
    public static final int RUNQ_WAITS_OFFSET = RUNQ_WAIT_NS_OFFSET + Long.BYTES;
    public static final int RUNQ_SLOTS_OFFSET = RUNQ_WAITS_OFFSET + Long.BYTES;
    public static final int RUNQ_VALUE_LENGTH = RUNQ_SLOTS_OFFSET + RUNQ_SLOTS * Long.BYTES;
    /** The values of a runq_value as u64 fields, in order. */
    public static final int RUNQ_FIELDS = RUNQ_VALUE_LENGTH / Long.BYTES;

    /** {@code struct runq_slot}. */
    public static final StructLayout RUNQ_SLOT = MemoryLayout.structLayout(
        JAVA_LONG.withName("cgroup_id"),
        RUNQ_VALUE.withName("v")).withName("runq_slot");

    /** {@code struct tcp_value}. */
    public static final StructLayout TCP_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("retrans_segs")).withName("tcp_value");
    public static final int TCP_RETRANS_SEGS_OFFSET = 0;
    public static final int TCP_VALUE_LENGTH = TCP_RETRANS_SEGS_OFFSET + Long.BYTES;

    /** {@code struct oom_value}. */
    public static final StructLayout OOM_VALUE = MemoryLayout.structLayout(
        JAVA_LONG.withName("kills")).withName("oom_value");
    public static final int OOM_KILLS_OFFSET = 0;
    public static final int OOM_VALUE_LENGTH = OOM_KILLS_OFFSET + Long.BYTES;

    /** {@code struct drop_key}; the value of map drop_stats is one u64, the dropped packets. */
    public static final StructLayout DROP_KEY = MemoryLayout.structLayout(
        JAVA_LONG.withName("cgroup_id"),
        JAVA_INT.withName("reason"),
        JAVA_INT.withName("pad")).withName("drop_key");
    public static final int DROP_CGROUP_ID_OFFSET = 0;
    public static final int DROP_REASON_OFFSET = DROP_CGROUP_ID_OFFSET + Long.BYTES;
    public static final int DROP_PAD_OFFSET = DROP_REASON_OFFSET + Integer.BYTES;
    public static final int DROP_KEY_LENGTH = DROP_PAD_OFFSET + Integer.BYTES;
    public static final int DROP_VALUE_LENGTH = Long.BYTES;

    /** {@code io_config[0]} value: attribute bios to the submitting task's cgroup (hybrid hosts). */
    public static final int IO_ATTRIBUTE_CURRENT = 0;
    /** {@code io_config[0]} value: attribute bios to the bio's blkcg (io controller on cgroup v2). */
    public static final int IO_ATTRIBUTE_BLKCG = 1;

    private MapLayouts() {
    }
}
