// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.ztsdb.ebpf.MetricNames;
import io.ztsdb.ebpf.SampleSink;
import io.ztsdb.ebpf.cgroup.CgroupDiscovery;
import io.ztsdb.ebpf.cgroup.CgroupEntry;
import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import io.ztsdb.ebpf.libbpf.NativeFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * One collection round: one batch read per BPF map, the cgroupfs readings, wrap-safe deltas, rates per second
 * from the measured elapsed time, samples to the sink. Cgroups that discovery no longer sees get their final
 * delta emitted, then their map entries deleted. Not thread-safe: driven by the collector thread.
 */
public final class MetricSampler implements AutoCloseable {
    private static final double NANOS_PER_SECOND = 1e9;

    private final CgroupLayout layout;
    private final SampleSink sink;
    private final boolean cpuFromEbpf;
    private final MapReader net;
    private final MapReader cpu;
    private final MapReader io;
    private final CgroupfsReader cgroupfs = new CgroupfsReader();
    private final Long2ObjectHashMap<CgroupState> states = new Long2ObjectHashMap<>();
    private final LongArrayList staleKeys = new LongArrayList();
    private final List<CgroupState> retired = new ArrayList<>();
    private final Arena arena = Arena.ofShared();
    private LongHashSet liveIds = new LongHashSet();
    private long staleKeysDeleted;

    /**
     * @param layout      the cgroup hierarchies.
     * @param net         the net_stats map, or null without eBPF.
     * @param cpu         the cpu_stats map, or null.
     * @param io          the io_stats map, or null.
     * @param cpuFromEbpf true to emit CPU from the BPF sched_switch counter instead of cgroupfs cpu.stat.
     * @param sink        where samples go.
     */
    public MetricSampler(final CgroupLayout layout, final BpfMap net, final BpfMap cpu, final BpfMap io,
                         final boolean cpuFromEbpf, final SampleSink sink) {
        this.layout = layout;
        this.sink = sink;
        this.net = net == null ? null : new MapReader(net, 4, CgroupState.NET_RX_BYTES, arena);
        this.cpu = cpu == null ? null : new MapReader(cpu, 1, CgroupState.CPU_BPF_NS, arena);
        this.io = io == null ? null : new MapReader(io, 4, CgroupState.IO_READ_BYTES, arena);
        this.cpuFromEbpf = cpuFromEbpf && cpu != null;
    }

    /**
     * Applies a discovery result: new cgroups start (their first round is a baseline), vanished ones are marked
     * for a final round.
     *
     * @param result the discovery result.
     */
    public void update(final CgroupDiscovery.Result result) {
        liveIds = result.liveIds();
        result.watched().forEach((id, entry) -> {
            final CgroupState state = states.get(id);
            if (state == null) {
                states.put(id, new CgroupState(entry));
            } else {
                state.entry = entry;
            }
        });
        for (final CgroupState state : states.values()) {
            state.dead = !result.watched().containsKey(state.entry.cgroupId());
        }
    }

    /**
     * Runs one round.
     *
     * @param timestampMillis wall-clock time of the round.
     * @param nowNanos        monotonic time of the round.
     */
    public void sample(final long timestampMillis, final long nowNanos) {
        for (final CgroupState s : states.values()) {
            System.arraycopy(s.last, 0, s.current, 0, CgroupState.COUNTERS);
        }
        if (net != null) {
            net.read(states, liveIds, staleKeys);
        }
        if (cpu != null) {
            cpu.read(states, liveIds, staleKeys);
        }
        if (io != null) {
            io.read(states, liveIds, staleKeys);
        }
        deleteStaleKeys();
        final var values = states.values().iterator();
        while (values.hasNext()) {
            final CgroupState state = values.next();
            readCgroupfs(state);
            emit(state, timestampMillis, nowNanos);
            if (state.dead) {
                retired.add(state);
            }
        }
        for (int i = 0; i < retired.size(); i++) {
            final CgroupState state = retired.get(i);
            deleteKeys(state.entry.cgroupId());
            state.closeFiles();
            states.remove(state.entry.cgroupId());
        }
        retired.clear();
    }

    /**
     * @param cgroupId a cgroup v2 id.
     * @return its state, or null when it is not watched.
     */
    public CgroupState state(final long cgroupId) {
        return states.get(cgroupId);
    }

    /**
     * @return the number of watched cgroups.
     */
    public int size() {
        return states.size();
    }

    /**
     * @return the number of map keys of vanished, unwatched cgroups deleted so far.
     */
    public long staleKeysDeleted() {
        return staleKeysDeleted;
    }

    /**
     * @return the metrics this sampler cannot produce (no map for them).
     */
    public List<String> missingMetrics() {
        final List<String> missing = new ArrayList<>();
        if (net == null) {
            missing.addAll(List.of(MetricNames.NET_RX_BYTES, MetricNames.NET_TX_BYTES, MetricNames.NET_RX_PACKETS,
                MetricNames.NET_TX_PACKETS));
        }
        if (io == null) {
            missing.addAll(List.of(MetricNames.BLOCK_READ_BYTES, MetricNames.BLOCK_WRITE_BYTES,
                MetricNames.BLOCK_READ_OPS, MetricNames.BLOCK_WRITE_OPS));
        }
        return missing;
    }

    private void readCgroupfs(final CgroupState state) {
        final CgroupEntry entry = state.entry;
        if (state.dead) {
            state.valid[CgroupState.CPU_CGROUPFS_NS] = false;
            state.memoryBytes = -1;
            return;
        }
        if (!state.filesOpened) {
            state.filesOpened = true;
            if (!cpuFromEbpf) { // CPU from the BPF counter: one file read less per container and round
                state.cpuStat = NativeFile.openOrNull(entry.v2Path().resolve("cpu.stat"));
            }
            if (layout.memoryOnV2()) {
                state.memory = NativeFile.openOrNull(entry.v2Path().resolve("memory.current"));
            } else if (entry.memoryV1() != null) {
                state.memory = NativeFile.openOrNull(entry.memoryV1().resolve("memory.usage_in_bytes"));
            }
        }
        final long usec = cgroupfs.cpuUsageMicros(state.cpuStat);
        state.valid[CgroupState.CPU_CGROUPFS_NS] = usec >= 0;
        if (usec >= 0) {
            state.current[CgroupState.CPU_CGROUPFS_NS] = usec * 1000;
        }
        state.memoryBytes = cgroupfs.singleValue(state.memory);
    }

    private void emit(final CgroupState s, final long timestampMillis, final long nowNanos) {
        final var labels = s.entry.labels();
        if (s.baseline) {
            final double elapsedNanos = Math.max(1, nowNanos - s.lastNanos);
            final double perSecond = NANOS_PER_SECOND / elapsedNanos;
            for (int c = 0; c < CgroupState.COUNTERS; c++) {
                s.totals[c] += s.current[c] - s.last[c];
            }
            final int cpuSlot = cpuFromEbpf || !s.valid[CgroupState.CPU_CGROUPFS_NS]
                ? CgroupState.CPU_BPF_NS : CgroupState.CPU_CGROUPFS_NS;
            if (cpuSlot == CgroupState.CPU_CGROUPFS_NS || cpu != null) {
                final double cpuNanos = CgroupState.unsignedDelta(s.current[cpuSlot], s.last[cpuSlot]);
                sink.onSample(MetricNames.CPU_USAGE, labels, timestampMillis, cpuNanos / elapsedNanos * 100.0);
            }
            if (net != null) {
                rate(s, MetricNames.NET_RX_BYTES, CgroupState.NET_RX_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.NET_TX_BYTES, CgroupState.NET_TX_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.NET_RX_PACKETS, CgroupState.NET_RX_PACKETS, perSecond, timestampMillis);
                rate(s, MetricNames.NET_TX_PACKETS, CgroupState.NET_TX_PACKETS, perSecond, timestampMillis);
            }
            if (io != null) {
                rate(s, MetricNames.BLOCK_READ_BYTES, CgroupState.IO_READ_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_WRITE_BYTES, CgroupState.IO_WRITE_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_READ_OPS, CgroupState.IO_READ_OPS, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_WRITE_OPS, CgroupState.IO_WRITE_OPS, perSecond, timestampMillis);
            }
        }
        if (s.memoryBytes >= 0) {
            sink.onSample(MetricNames.MEMORY_BYTES, labels, timestampMillis, s.memoryBytes);
        }
        System.arraycopy(s.current, 0, s.last, 0, CgroupState.COUNTERS);
        s.lastNanos = nowNanos;
        s.baseline = true;
    }

    private void rate(final CgroupState s, final String metric, final int counter, final double perSecond,
                      final long timestampMillis) {
        sink.onSample(metric, s.entry.labels(), timestampMillis,
            CgroupState.unsignedDelta(s.current[counter], s.last[counter]) * perSecond);
    }

    private void deleteStaleKeys() {
        for (int i = 0; i < staleKeys.size(); i++) {
            deleteKeys(staleKeys.getLong(i));
            staleKeysDeleted++;
        }
        staleKeys.clear();
    }

    private void deleteKeys(final long cgroupId) {
        if (net != null) {
            net.map.delete(cgroupId);
        }
        if (cpu != null) {
            cpu.map.delete(cgroupId);
        }
        if (io != null) {
            io.map.delete(cgroupId);
        }
    }

    @Override
    public void close() {
        for (final CgroupState state : states.values()) {
            state.closeFiles();
        }
        cgroupfs.close();
        arena.close();
    }

    /** Batch-reads one per-CPU u64-keyed map of u64 fields and sums the CPUs into the states' counters. */
    private static final class MapReader {
        final BpfMap map;
        final int fields;
        final int firstCounter;
        final int capacity;
        final int stride;
        final int slot;
        final int cpus;
        final MemorySegment keys;
        final MemorySegment values;

        MapReader(final BpfMap map, final int fields, final int firstCounter, final Arena arena) {
            this.map = map;
            this.fields = fields;
            this.firstCounter = firstCounter;
            this.capacity = map.maxEntries();
            this.stride = map.valueStride();
            this.slot = (map.valueSize() + 7) & ~7;
            this.cpus = map.isPerCpu() ? stride / slot : 1;
            this.keys = arena.allocate((long) capacity * MapLayouts.KEY_LENGTH, 8);
            this.values = arena.allocate((long) capacity * stride, 8);
        }

        void read(final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds,
                  final LongArrayList staleKeys) {
            final int n = map.lookupBatch(keys, values, capacity);
            for (int i = 0; i < n; i++) {
                final long id = keys.get(JAVA_LONG_UNALIGNED, (long) i * MapLayouts.KEY_LENGTH);
                final CgroupState state = states.get(id);
                if (state == null) {
                    if (!liveIds.isEmpty() && !liveIds.contains(id)) {
                        staleKeys.addLong(id);
                    }
                    continue;
                }
                final long base = (long) i * stride;
                for (int f = 0; f < fields; f++) {
                    long sum = 0;
                    for (int c = 0; c < cpus; c++) {
                        sum += values.get(JAVA_LONG_UNALIGNED, base + (long) c * slot + (long) f * Long.BYTES);
                    }
                    state.current[firstCounter + f] = sum;
                    state.valid[firstCounter + f] = true;
                }
            }
        }
    }
}
