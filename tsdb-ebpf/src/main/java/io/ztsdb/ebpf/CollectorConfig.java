// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Settings of an {@link EbpfCollector}, fluent. The defaults are those of {@code tsvdb collect}: a 1 s interval, 5 s
 * discovery interval, cgroup root {@code /sys/fs/cgroup}.
 */
public final class CollectorConfig {
    /** Default sampling interval. */
    public static final long INTERVAL_MILLIS_DEFAULT = 1000;
    /** Default discovery interval. */
    public static final long DISCOVERY_INTERVAL_MILLIS_DEFAULT = 5000;
    /** Default cgroup root. */
    public static final Path CGROUP_ROOT_DEFAULT = Path.of("/sys/fs/cgroup");
    /** Default period of the memory.stat readings (working set), in rounds. */
    public static final int MEMORY_STAT_ROUNDS_DEFAULT = 5;
    /** Default BPF map capacity (cgroups with counters at the same time, containers or not). */
    public static final int MAX_CGROUPS_DEFAULT = 4096;
    /** Default number of counter slots of the network and run-queue programs (per-CPU arrays, docs/ebpf.md). */
    public static final int COUNTER_SLOTS_DEFAULT = 1024;

    private Path cgroupRoot = CGROUP_ROOT_DEFAULT;
    private Path scope;
    private long intervalMillis = INTERVAL_MILLIS_DEFAULT;
    private long discoveryIntervalMillis = DISCOVERY_INTERVAL_MILLIS_DEFAULT;
    private boolean ebpfEnabled = true;
    private boolean watchAllCgroups;
    private boolean cpuFromEbpf;
    private boolean runqueueLatency = true;
    private boolean tcpRetransmits = true;
    private boolean netDrops = true;
    private int memoryStatRounds = MEMORY_STAT_ROUNDS_DEFAULT;
    private int maxCgroups = MAX_CGROUPS_DEFAULT;
    private int counterSlots = COUNTER_SLOTS_DEFAULT;
    private Path dockerRoot = Path.of("/var/lib/docker");
    private Path containersStorageRoot = Path.of("/var/lib/containers/storage");
    private Path containerdStateRoot = Path.of("/run/containerd/io.containerd.runtime.v2.task");
    private Consumer<Throwable> errorHandler = t -> System.getLogger("io.ztsdb.ebpf")
        .log(System.Logger.Level.WARNING, "collector round failed", t);

    /**
     * Creates a config with the defaults.
     */
    public CollectorConfig() {
    }

    /**
     * Sets where the cgroup hierarchies are mounted.
     *
     * @param cgroupRoot where the cgroup hierarchies are mounted ({@code /sys/fs/cgroup}); the v2 mount is the
     *                   root itself (pure v2) or {@code unified/} below it (hybrid).
     * @return this.
     */
    public CollectorConfig cgroupRoot(final Path cgroupRoot) {
        this.cgroupRoot = cgroupRoot;
        return this;
    }

    /**
     * Sets the part of the cgroup tree that is watched.
     *
     * @param scope a directory of the v2 tree below which containers are looked for (default: the whole tree).
     * @return this.
     */
    public CollectorConfig scope(final Path scope) {
        this.scope = scope;
        return this;
    }

    /**
     * Sets the sampling interval.
     *
     * @param intervalMillis sampling interval, ms (&gt; 0).
     * @return this.
     */
    public CollectorConfig intervalMillis(final long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive: intervalMillis=" + intervalMillis);
        }
        this.intervalMillis = intervalMillis;
        return this;
    }

    /**
     * Sets the container discovery interval.
     *
     * @param discoveryIntervalMillis discovery interval, ms (&gt; 0).
     * @return this.
     */
    public CollectorConfig discoveryIntervalMillis(final long discoveryIntervalMillis) {
        if (discoveryIntervalMillis <= 0) {
            throw new IllegalArgumentException("discovery interval must be positive: discoveryIntervalMillis="
                + discoveryIntervalMillis);
        }
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        return this;
    }

    /**
     * Sets whether the BPF programs are loaded.
     *
     * @param ebpfEnabled false forces the cgroupfs-only mode ({@code --no-ebpf}).
     * @return this.
     */
    public CollectorConfig ebpfEnabled(final boolean ebpfEnabled) {
        this.ebpfEnabled = ebpfEnabled;
        return this;
    }

    /**
     * Sets whether every cgroup is watched.
     *
     * @param watchAllCgroups true to watch every cgroup (runtime label "cgroup", id = path), not only containers.
     * @return this.
     */
    public CollectorConfig watchAllCgroups(final boolean watchAllCgroups) {
        this.watchAllCgroups = watchAllCgroups;
        return this;
    }

    /**
     * Sets where CPU usage comes from.
     *
     * @param cpuFromEbpf true to compute CPU usage from the BPF sched_switch counter instead of cgroupfs
     *                    {@code cpu.stat} (which is exact and smooth; the BPF counter is charged at switch-out).
     *                    The sched_switch program is only loaded then: it runs on every context switch.
     * @return this.
     */
    public CollectorConfig cpuFromEbpf(final boolean cpuFromEbpf) {
        this.cpuFromEbpf = cpuFromEbpf;
        return this;
    }

    /**
     * Sets whether run-queue latency is measured.
     *
     * @param runqueueLatency false to leave out the run-queue latency programs (sched_wakeup, sched_wakeup_new and
     *                        sched_switch: they run on every wakeup and context switch of the host).
     * @return this.
     */
    public CollectorConfig runqueueLatency(final boolean runqueueLatency) {
        this.runqueueLatency = runqueueLatency;
        return this;
    }

    /**
     * Sets whether TCP retransmits are counted.
     *
     * @param tcpRetransmits false to leave out the TCP retransmit program (tcp_retransmit_skb).
     * @return this.
     */
    public CollectorConfig tcpRetransmits(final boolean tcpRetransmits) {
        this.tcpRetransmits = tcpRetransmits;
        return this;
    }

    /**
     * Sets whether packet drops are counted.
     *
     * @param netDrops false to leave out the packet drop program (kfree_skb).
     * @return this.
     */
    public CollectorConfig netDrops(final boolean netDrops) {
        this.netDrops = netDrops;
        return this;
    }

    /**
     * Sets how often each container's memory.stat is read.
     *
     * @param memoryStatRounds re-read each container's {@code memory.stat}, for the working set, every this many
     *                         rounds (staggered across containers; usage is read every round): 1 reads it every
     *                         round, which about doubles the cost of a round.
     * @return this.
     */
    public CollectorConfig memoryStatRounds(final int memoryStatRounds) {
        if (memoryStatRounds <= 0) {
            throw new IllegalArgumentException("memoryStatRounds must be positive: memoryStatRounds="
                + memoryStatRounds);
        }
        this.memoryStatRounds = memoryStatRounds;
        return this;
    }

    /**
     * Sets the capacity of the BPF maps.
     *
     * @param maxCgroups capacity of each BPF map (cgroups with counters at the same time).
     * @return this.
     */
    public CollectorConfig maxCgroups(final int maxCgroups) {
        if (maxCgroups <= 0) {
            throw new IllegalArgumentException("maxCgroups must be positive: maxCgroups=" + maxCgroups);
        }
        this.maxCgroups = maxCgroups;
        return this;
    }

    /**
     * Sets the number of counter slots of the network and run-queue programs: per-CPU array entries, each owned by
     * one cgroup on each CPU, cheaper to update than the hash that takes the cgroups for which both of their two
     * slots are taken. Each costs the value size (40 bytes network, 216 bytes run-queue) times the possible CPUs,
     * and every round reads them all.
     *
     * @param counterSlots a power of two, at most 2^20.
     * @return this.
     */
    public CollectorConfig counterSlots(final int counterSlots) {
        if (counterSlots <= 0 || Integer.bitCount(counterSlots) != 1 || counterSlots > 1 << 20) {
            throw new IllegalArgumentException("counterSlots must be a power of two in [1, 2^20]: counterSlots="
                + counterSlots);
        }
        this.counterSlots = counterSlots;
        return this;
    }

    /**
     * Sets docker's data root.
     *
     * @param dockerRoot docker's data root, for container names ({@code /var/lib/docker}).
     * @return this.
     */
    public CollectorConfig dockerRoot(final Path dockerRoot) {
        this.dockerRoot = dockerRoot;
        return this;
    }

    /**
     * Sets the podman/CRI-O storage root.
     *
     * @param containersStorageRoot podman/CRI-O storage root ({@code /var/lib/containers/storage}).
     * @return this.
     */
    public CollectorConfig containersStorageRoot(final Path containersStorageRoot) {
        this.containersStorageRoot = containersStorageRoot;
        return this;
    }

    /**
     * Sets containerd's task state directory.
     *
     * @param containerdStateRoot containerd's task state, for Kubernetes names
     *                            ({@code /run/containerd/io.containerd.runtime.v2.task}).
     * @return this.
     */
    public CollectorConfig containerdStateRoot(final Path containerdStateRoot) {
        this.containerdStateRoot = containerdStateRoot;
        return this;
    }

    /**
     * Sets the handler of background failures.
     *
     * @param errorHandler receives the failures of background rounds; the collector keeps going.
     * @return this.
     */
    public CollectorConfig errorHandler(final Consumer<Throwable> errorHandler) {
        this.errorHandler = errorHandler;
        return this;
    }

    /** {@return the cgroup root} */
    public Path cgroupRoot() {
        return cgroupRoot;
    }

    /** {@return the discovery scope, or null for the whole v2 tree} */
    public Path scope() {
        return scope;
    }

    /** {@return the sampling interval, ms} */
    public long intervalMillis() {
        return intervalMillis;
    }

    /** {@return the discovery interval, ms} */
    public long discoveryIntervalMillis() {
        return discoveryIntervalMillis;
    }

    /** {@return false in forced cgroupfs-only mode} */
    public boolean ebpfEnabled() {
        return ebpfEnabled;
    }

    /** {@return true when every cgroup is watched} */
    public boolean watchAllCgroups() {
        return watchAllCgroups;
    }

    /** {@return true when CPU comes from the BPF counter} */
    public boolean cpuFromEbpf() {
        return cpuFromEbpf;
    }

    /** {@return true when run-queue latency is collected} */
    public boolean runqueueLatency() {
        return runqueueLatency;
    }

    /** {@return true when TCP retransmits are collected} */
    public boolean tcpRetransmits() {
        return tcpRetransmits;
    }

    /** {@return true when packet drops are collected} */
    public boolean netDrops() {
        return netDrops;
    }

    /** {@return the period of the memory.stat readings, in rounds} */
    public int memoryStatRounds() {
        return memoryStatRounds;
    }

    /** {@return the BPF map capacity} */
    public int maxCgroups() {
        return maxCgroups;
    }

    /** {@return the number of counter slots of the network and run-queue programs} */
    public int counterSlots() {
        return counterSlots;
    }

    /** {@return docker's data root} */
    public Path dockerRoot() {
        return dockerRoot;
    }

    /** {@return the podman/CRI-O storage root} */
    public Path containersStorageRoot() {
        return containersStorageRoot;
    }

    /** {@return containerd's task state root} */
    public Path containerdStateRoot() {
        return containerdStateRoot;
    }

    /** {@return the background error handler} */
    public Consumer<Throwable> errorHandler() {
        return errorHandler;
    }
}
