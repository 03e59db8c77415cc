// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.cgroup.CgroupEntry;
import io.ztsdb.ebpf.libbpf.NativeFile;

/**
 * The counters of one watched cgroup between rounds: last raw readings, the current ones, and the sum of the
 * deltas since it was first seen (for tests and /stats). Counters are monotonic u64 values; deltas are taken
 * with two's-complement subtraction, which stays right across one wrap.
 */
public final class CgroupState {
    /** cgroupfs {@code cpu.stat usage_usec}, stored in ns. */
    public static final int CPU_CGROUPFS_NS = 0;
    /** BPF sched_switch run time, ns. */
    public static final int CPU_BPF_NS = 1;
    public static final int NET_RX_BYTES = 2;
    public static final int NET_RX_PACKETS = 3;
    public static final int NET_TX_BYTES = 4;
    public static final int NET_TX_PACKETS = 5;
    public static final int IO_READ_BYTES = 6;
    public static final int IO_READ_OPS = 7;
    public static final int IO_WRITE_BYTES = 8;
    public static final int IO_WRITE_OPS = 9;
    public static final int COUNTERS = 10;

    final long[] last = new long[COUNTERS];
    final long[] current = new long[COUNTERS];
    final long[] totals = new long[COUNTERS];
    final boolean[] valid = new boolean[COUNTERS];
    CgroupEntry entry;
    long lastNanos;
    boolean baseline;
    boolean dead;
    long memoryBytes = -1;
    /** cgroupfs files kept open across rounds (pread at offset 0), null until opened or when absent. */
    NativeFile cpuStat;
    NativeFile memory;
    boolean filesOpened;

    CgroupState(final CgroupEntry entry) {
        this.entry = entry;
    }

    /**
     * @return the cgroup this state belongs to.
     */
    public CgroupEntry entry() {
        return entry;
    }

    /**
     * @param counter one of the constants.
     * @return the sum of the deltas of that counter since the cgroup was first sampled.
     */
    public long total(final int counter) {
        return totals[counter];
    }

    /**
     * @return the last memory reading in bytes, or -1.
     */
    public long memoryBytes() {
        return memoryBytes;
    }

    void closeFiles() {
        if (cpuStat != null) {
            cpuStat.close();
            cpuStat = null;
        }
        if (memory != null) {
            memory.close();
            memory = null;
        }
    }

    /**
     * Unsigned delta of a wrapping u64 counter, as a double.
     */
    static double unsignedDelta(final long current, final long last) {
        final long delta = current - last;
        return delta >= 0 ? delta : (double) (delta >>> 1) * 2.0 + (delta & 1);
    }
}
