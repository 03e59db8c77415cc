// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.cgroup.CgroupEntry;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.NativeFile;

/**
 * The counters of one watched cgroup between rounds: last raw readings, the current ones, and the sum of the
 * deltas since it was first seen (for tests and /stats). Counters are monotonic u64 values; deltas are taken
 * with two's-complement subtraction, which stays right across one wrap. BPF counters start at 0 with their map;
 * cgroupfs counters count only while their file was readable in both rounds ({@link #valid}).
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
    /** BPF run-queue wait, ns; followed by the number of waits and the histogram slots (struct runq_value). */
    public static final int RUNQ_WAIT_NS = 10;
    public static final int RUNQ_WAITS = RUNQ_WAIT_NS + 1;
    public static final int RUNQ_SLOT_0 = RUNQ_WAITS + 1;
    /** BPF TCP segments retransmitted. */
    public static final int TCP_RETRANS_SEGS = RUNQ_SLOT_0 + MapLayouts.RUNQ_SLOTS;
    /** cgroupfs {@code cpu.stat nr_throttled}. */
    public static final int CPU_THROTTLED_PERIODS = TCP_RETRANS_SEGS + 1;
    /** cgroupfs {@code cpu.stat throttled_usec} (v2) or {@code throttled_time} (v1), ns. */
    public static final int CPU_THROTTLED_NS = CPU_THROTTLED_PERIODS + 1;
    /** cgroupfs {@code memory.events oom_kill} (v2) or {@code memory.oom_control oom_kill} (v1): without BPF. */
    public static final int OOM_KILLS = CPU_THROTTLED_NS + 1;
    /** BPF mark_victim: tasks of the cgroup killed by the OOM killer. */
    public static final int OOM_KILLS_BPF = OOM_KILLS + 1;
    public static final int COUNTERS = OOM_KILLS_BPF + 1;

    final long[] last = new long[COUNTERS];
    final long[] current = new long[COUNTERS];
    final long[] totals = new long[COUNTERS];
    /** cgroupfs counters: readable in this round, and in the last one. */
    final boolean[] valid = new boolean[COUNTERS];
    final boolean[] lastValid = new boolean[COUNTERS];
    final DropCounters drops = new DropCounters();
    CgroupEntry entry;
    long lastNanos;
    boolean baseline;
    boolean dead;
    long memoryBytes = -1;
    long inactiveFileBytes = -1;
    /** cgroupfs files kept open across rounds (pread at offset 0), null until opened or when absent. */
    NativeFile cpuStat;
    NativeFile memory;
    NativeFile memoryStat;
    NativeFile memoryEvents;
    NativeFile cpuStatV1;
    boolean filesOpened;
    /** Whether the container has a CPU quota (only then can it be throttled), as of the last check. */
    boolean hasCpuQuota;
    /** False until the quota is checked; reset at every discovery (a quota can be set on a running container). */
    boolean cpuQuotaChecked;

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
     * @param reasonName a drop reason, e.g. {@code SOCKET_RCVBUFF}.
     * @return the packets dropped with that reason since the cgroup was first sampled.
     */
    public long dropTotal(final String reasonName) {
        return drops.total(reasonName);
    }

    /**
     * @return the last memory reading in bytes, or -1.
     */
    public long memoryBytes() {
        return memoryBytes;
    }

    /**
     * @return the working set of the last reading (usage minus inactive file pages), or -1.
     */
    public long workingSetBytes() {
        if (memoryBytes < 0 || inactiveFileBytes < 0) {
            return -1;
        }
        return inactiveFileBytes < memoryBytes ? memoryBytes - inactiveFileBytes : 0;
    }

    void closeFiles() {
        cpuStat = close(cpuStat);
        memory = close(memory);
        memoryStat = close(memoryStat);
        memoryEvents = close(memoryEvents);
        cpuStatV1 = close(cpuStatV1);
    }

    private static NativeFile close(final NativeFile file) {
        if (file != null) {
            file.close();
        }
        return null;
    }

    /**
     * @return true for the counters read from cgroupfs files (the others come from BPF maps).
     */
    static boolean isCgroupfs(final int counter) {
        return counter == CPU_CGROUPFS_NS || counter == CPU_THROTTLED_PERIODS || counter == CPU_THROTTLED_NS
            || counter == OOM_KILLS;
    }

    /**
     * Unsigned delta of a wrapping u64 counter, as a double.
     */
    static double unsignedDelta(final long current, final long last) {
        final long delta = current - last;
        return delta >= 0 ? delta : (double) (delta >>> 1) * 2.0 + (delta & 1);
    }
}
