// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.MetricNames;
import io.ztsdb.ebpf.SampleSink;
import io.ztsdb.ebpf.cgroup.CgroupDiscovery;
import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * One collection round: one batch read per BPF map, the cgroupfs readings, wrap-safe deltas, samples to the sink
 * ({@link SampleEmitter}). Cgroups that discovery no longer sees get their final delta emitted, then their map
 * entries deleted; keys of cgroups that no longer exist at all are deleted too. Not thread-safe: driven by the
 * collector thread.
 */
public final class MetricSampler implements AutoCloseable {
    private final SamplerMaps maps;
    private final List<CounterReader> readers = new ArrayList<>();
    private final DropReader drops;
    private final CgroupfsSampler cgroupfs;
    private final SampleEmitter emitter;
    private final Long2ObjectHashMap<CgroupState> states = new Long2ObjectHashMap<>();
    private final LongArrayList staleKeys = new LongArrayList();
    private final List<CgroupState> retired = new ArrayList<>();
    private final Arena arena = Arena.ofShared();
    private LongHashSet liveIds = new LongHashSet();
    private long staleKeysDeleted;

    /**
     * @param layout      the cgroup hierarchies.
     * @param maps        the loaded BPF maps (null entries for programs not loaded).
     * @param cpuFromEbpf true to emit CPU from the BPF sched_switch counter instead of cgroupfs cpu.stat.
     * @param memoryStatRounds re-read a container's memory.stat (for the working set) every this many rounds.
     * @param sink        where samples go.
     */
    public MetricSampler(final CgroupLayout layout, final SamplerMaps maps, final boolean cpuFromEbpf,
                         final int memoryStatRounds, final SampleSink sink) {
        this.maps = maps;
        addSlotReader(maps.netSlots(), maps.net(), MapLayouts.NET_FIELDS, CgroupState.NET_RX_BYTES);
        addReader(maps.cpu(), null, 1, CgroupState.CPU_BPF_NS);
        addReader(maps.io(), null, 4, CgroupState.IO_READ_BYTES);
        addSlotReader(maps.runqSlots(), maps.runq(), MapLayouts.RUNQ_FIELDS, CgroupState.RUNQ_WAIT_NS);
        if (maps.tcp() != null) {
            addReader(maps.tcp().stats(), maps.tcp().updates(), 1, CgroupState.TCP_RETRANS_SEGS);
        }
        if (maps.oom() != null) {
            addReader(maps.oom().stats(), maps.oom().updates(), 1, CgroupState.OOM_KILLS_BPF);
        }
        this.drops = maps.drop() == null ? null : new DropReader(maps.drop(), arena);
        final boolean bpfCpu = cpuFromEbpf && maps.cpu() != null;
        this.cgroupfs = new CgroupfsSampler(layout, bpfCpu, maps.oom() != null, memoryStatRounds);
        this.emitter = new SampleEmitter(sink, maps, bpfCpu);
    }

    private void addSlotReader(final BpfMap slots, final BpfMap overflow, final int fields, final int firstCounter) {
        if (slots == null) {
            addReader(overflow, null, fields, firstCounter);
        } else if (overflow != null) {
            readers.add(new SlotReader(slots, new MapReader(overflow, null, fields, firstCounter, true, arena), fields,
                firstCounter, arena));
        }
    }

    private void addReader(final BpfMap map, final BpfMap updates, final int fields, final int firstCounter) {
        if (map != null) {
            readers.add(new MapReader(map, updates, fields, firstCounter, arena));
        }
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
                invalidateReaders(); // its counters may already be in a map that has not changed since
            } else {
                state.entry = entry;
                state.cpuQuotaChecked = false;
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
        for (int i = 0; i < readers.size(); i++) {
            readers.get(i).read(states, liveIds, staleKeys);
        }
        if (drops != null) {
            drops.read(states, liveIds);
            staleKeysDeleted += drops.deleteStale();
        }
        deleteStaleKeys();
        cgroupfs.nextRound();
        final var values = states.values().iterator();
        while (values.hasNext()) {
            final CgroupState state = values.next();
            cgroupfs.read(state);
            emitter.emit(state, timestampMillis, nowNanos);
            if (state.dead) {
                retired.add(state);
            }
        }
        for (int i = 0; i < retired.size(); i++) {
            final CgroupState state = retired.get(i);
            deleteKeys(state.entry.cgroupId());
            if (drops != null) {
                drops.delete(state);
            }
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
     * @return the number of map keys of vanished, unwatched cgroups deleted so far (a counter slot such a cgroup
     * still holds on a CPU is retried every round while another CPU's owner lives, and counted each time).
     */
    public long staleKeysDeleted() {
        return staleKeysDeleted;
    }

    /**
     * @return the metrics this sampler cannot produce (no map for them).
     */
    public List<String> missingMetrics() {
        final List<String> missing = new ArrayList<>();
        if (maps.net() == null) {
            missing.addAll(List.of(MetricNames.NET_RX_BYTES, MetricNames.NET_TX_BYTES, MetricNames.NET_RX_PACKETS,
                MetricNames.NET_TX_PACKETS));
        }
        if (maps.io() == null) {
            missing.addAll(List.of(MetricNames.BLOCK_READ_BYTES, MetricNames.BLOCK_WRITE_BYTES,
                MetricNames.BLOCK_READ_OPS, MetricNames.BLOCK_WRITE_OPS));
        }
        if (maps.runq() == null) {
            missing.addAll(List.of(MetricNames.RUNQUEUE_WAIT, MetricNames.RUNQUEUE_LATENCY_P50,
                MetricNames.RUNQUEUE_LATENCY_P99));
        }
        if (maps.tcp() == null) {
            missing.add(MetricNames.NET_TCP_RETRANSMITS);
        }
        if (maps.drop() == null) {
            missing.add(MetricNames.NET_DROPS);
        }
        return missing;
    }

    private void invalidateReaders() {
        for (int i = 0; i < readers.size(); i++) {
            readers.get(i).invalidate();
        }
        if (drops != null) {
            drops.invalidate();
        }
    }

    private void deleteStaleKeys() {
        for (int i = 0; i < staleKeys.size(); i++) {
            deleteKeys(staleKeys.getLong(i));
            staleKeysDeleted++;
        }
        staleKeys.clear();
    }

    private void deleteKeys(final long cgroupId) {
        for (int i = 0; i < readers.size(); i++) {
            readers.get(i).delete(cgroupId);
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
}
