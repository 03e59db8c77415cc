// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.cgroup.CgroupEntry;
import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.libbpf.NativeFile;
import java.nio.file.Path;

/**
 * The cgroupfs readings of one watched cgroup per round, from files kept open across rounds:
 * <ul>
 *   <li>CPU usage: v2 {@code cpu.stat usage_usec} (every v2 cgroup has it, no controller needed);</li>
 *   <li>CFS throttling, for containers with a CPU quota (v2 {@code cpu.max}, v1 {@code cpu.cfs_quota_us}; checked
 *       at every discovery, as a quota can be set on a running container; without one a container cannot be
 *       throttled, and its file is not read): {@code nr_throttled} and {@code throttled_usec} of v2
 *       {@code cpu.stat} when the cpu controller is on v2, else {@code nr_throttled} and {@code throttled_time}
 *       (ns) of the v1 cpu cgroup's {@code cpu.stat};</li>
 *   <li>memory usage: v2 {@code memory.current}, or v1 {@code memory.usage_in_bytes};</li>
 *   <li>working set: usage minus {@code inactive_file} (v2 {@code memory.stat}) or {@code total_inactive_file}
 *       (v1), as cAdvisor computes it. {@code memory.stat} is the most expensive file of a round (the kernel sums
 *       some forty counters), so each container re-reads it every {@code memoryStatRounds} rounds, staggered by
 *       cgroup id so that each round reads a share of the containers; usage is read every round;</li>
 *   <li>OOM kills, when the BPF program for them does not run: {@code oom_kill} of v2 {@code memory.events}, or
 *       of v1 {@code memory.oom_control}.</li>
 * </ul>
 */
final class CgroupfsSampler implements AutoCloseable {
    private static final byte[] NR_THROTTLED = CgroupfsReader.key("nr_throttled");
    private static final byte[] THROTTLED_USEC = CgroupfsReader.key("throttled_usec");
    private static final byte[] THROTTLED_TIME = CgroupfsReader.key("throttled_time");
    private static final byte[] INACTIVE_FILE = CgroupfsReader.key("inactive_file");
    private static final byte[] TOTAL_INACTIVE_FILE = CgroupfsReader.key("total_inactive_file");
    private static final byte[] OOM_KILL = CgroupfsReader.key("oom_kill");
    private static final byte[] USAGE_USEC = CgroupfsReader.key("usage_usec");

    private final CgroupLayout layout;
    private final boolean cpuFromEbpf;
    private final boolean oomFromEbpf;
    private final int memoryStatRounds;
    private final CgroupfsReader reader = new CgroupfsReader();
    private long round;

    /**
     * @param layout      the hierarchies.
     * @param cpuFromEbpf true when CPU usage comes from BPF: v2 {@code cpu.stat} is then read only for throttling.
     * @param oomFromEbpf true when OOM kills come from BPF: the memory events file is not read.
     * @param memoryStatRounds re-read a container's {@code memory.stat} every this many rounds (1 = every round).
     */
    CgroupfsSampler(final CgroupLayout layout, final boolean cpuFromEbpf, final boolean oomFromEbpf,
                    final int memoryStatRounds) {
        this.layout = layout;
        this.cpuFromEbpf = cpuFromEbpf;
        this.oomFromEbpf = oomFromEbpf;
        this.memoryStatRounds = memoryStatRounds;
    }

    /** Starts a round. */
    void nextRound() {
        round++;
    }

    void read(final CgroupState state) {
        if (state.dead) {
            state.valid[CgroupState.CPU_CGROUPFS_NS] = false;
            state.valid[CgroupState.CPU_THROTTLED_PERIODS] = false;
            state.valid[CgroupState.CPU_THROTTLED_NS] = false;
            state.valid[CgroupState.OOM_KILLS] = false;
            state.memoryBytes = -1;
            state.inactiveFileBytes = -1;
            return;
        }
        if (!state.filesOpened) {
            open(state);
        }
        if (!state.cpuQuotaChecked) {
            checkCpuQuota(state);
        }
        final boolean cpuStat = reader.read(state.cpuStat);
        final long usec = cpuStat ? reader.value(USAGE_USEC) : -1;
        set(state, CgroupState.CPU_CGROUPFS_NS, usec, 1000);
        if (!state.hasCpuQuota) {
            state.valid[CgroupState.CPU_THROTTLED_PERIODS] = false;
            state.valid[CgroupState.CPU_THROTTLED_NS] = false;
        } else if (layout.cpuOnV2()) {
            set(state, CgroupState.CPU_THROTTLED_PERIODS, cpuStat ? reader.value(NR_THROTTLED) : -1, 1);
            set(state, CgroupState.CPU_THROTTLED_NS, cpuStat ? reader.value(THROTTLED_USEC) : -1, 1000);
        } else {
            final boolean v1 = reader.read(state.cpuStatV1);
            set(state, CgroupState.CPU_THROTTLED_PERIODS, v1 ? reader.value(NR_THROTTLED) : -1, 1);
            set(state, CgroupState.CPU_THROTTLED_NS, v1 ? reader.value(THROTTLED_TIME) : -1, 1);
        }
        state.memoryBytes = reader.singleValue(state.memory);
        if (state.inactiveFileBytes < 0
            || Long.remainderUnsigned(state.entry.cgroupId() + round, memoryStatRounds) == 0) {
            state.inactiveFileBytes = reader.read(state.memoryStat)
                ? reader.value(layout.memoryOnV2() ? INACTIVE_FILE : TOTAL_INACTIVE_FILE) : -1;
        }
        set(state, CgroupState.OOM_KILLS, reader.read(state.memoryEvents) ? reader.value(OOM_KILL) : -1, 1);
    }

    /** A quota of "max" (v2) or -1 (v1) is no quota: the parse finds no digits at the start and gives -1. */
    private void checkCpuQuota(final CgroupState state) {
        state.cpuQuotaChecked = true;
        final CgroupEntry entry = state.entry;
        final long quota = layout.cpuOnV2() ? reader.singleValue(entry.v2Path().resolve("cpu.max"))
            : entry.cpuV1() == null ? -1 : reader.singleValue(entry.cpuV1().resolve("cpu.cfs_quota_us"));
        state.hasCpuQuota = quota > 0;
        if (!layout.cpuOnV2()) {
            if (state.hasCpuQuota && state.cpuStatV1 == null) {
                state.cpuStatV1 = NativeFile.openOrNull(entry.cpuV1().resolve("cpu.stat"));
            } else if (!state.hasCpuQuota && state.cpuStatV1 != null) {
                state.cpuStatV1.close();
                state.cpuStatV1 = null;
            }
        }
    }

    private static void set(final CgroupState state, final int counter, final long value, final long scale) {
        state.valid[counter] = value >= 0;
        if (value >= 0) {
            state.current[counter] = value * scale;
        }
    }

    private void open(final CgroupState state) {
        state.filesOpened = true;
        final CgroupEntry entry = state.entry;
        if (!cpuFromEbpf || layout.cpuOnV2()) { // CPU from BPF: one file read less per container and round
            state.cpuStat = NativeFile.openOrNull(entry.v2Path().resolve("cpu.stat"));
        }
        final Path memory = layout.memoryOnV2() ? entry.v2Path() : entry.memoryV1();
        if (memory != null) {
            final boolean v2 = layout.memoryOnV2();
            state.memory = NativeFile.openOrNull(memory.resolve(v2 ? "memory.current" : "memory.usage_in_bytes"));
            state.memoryStat = NativeFile.openOrNull(memory.resolve("memory.stat"));
            if (!oomFromEbpf) {
                state.memoryEvents = NativeFile.openOrNull(memory.resolve(v2 ? "memory.events" : "memory.oom_control"));
            }
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
