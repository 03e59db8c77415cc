// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * Batch-reads one map keyed by cgroup id whose value is a run of u64 fields (per CPU or not) and puts the fields,
 * summed over the CPUs, into consecutive counters of the watched cgroups' states. Keys of cgroups that no longer
 * exist are collected for deletion. A map of rare events comes with an update counter: it is walked only when the
 * counter moved (or a cgroup was added since). The map is read in chunks through buffers of at most about 1 MiB,
 * allocated once: a per-CPU value is its size times the possible CPUs, which a large host multiplies by a hundred.
 * As the overflow of a {@link SlotReader} it adds to the counters the slots gave instead of setting them.
 */
final class MapReader implements CounterReader {
    final BpfMap map;
    private final BpfMap updates;
    private long lastUpdates = -1;
    private final int fields;
    private final int firstCounter;
    private final boolean accumulate;
    /** Buffers are sized for this many bytes of values at most. */
    static final long BUFFER_BYTES = 1 << 20;
    /** Never fewer entries per chunk: a batch read must hold a whole hash bucket. */
    static final int MIN_CHUNK = 64;
    private final int chunk;
    private final int stride;
    private final int slot;
    private final int cpus;
    private final MemorySegment keys;
    private final MemorySegment values;

    MapReader(final BpfMap map, final BpfMap updates, final int fields, final int firstCounter, final Arena arena) {
        this(map, updates, fields, firstCounter, false, arena);
    }

    /**
     * @param accumulate true to add the values to the counters (the overflow of a {@link SlotReader}), false to set
     *                   them.
     */
    MapReader(final BpfMap map, final BpfMap updates, final int fields, final int firstCounter,
              final boolean accumulate, final Arena arena) {
        this.accumulate = accumulate;
        this.map = map;
        this.updates = updates;
        this.fields = fields;
        this.firstCounter = firstCounter;
        this.stride = map.valueStride();
        this.chunk = chunkEntries(map.maxEntries(), stride);
        this.slot = (map.valueSize() + 7) & ~7;
        this.cpus = map.isPerCpu() ? stride / slot : 1;
        this.keys = arena.allocate((long) chunk * map.keySize(), 8);
        this.values = arena.allocate((long) chunk * stride, 8);
    }

    static int chunkEntries(final int maxEntries, final int stride) {
        return (int) Math.min(maxEntries, Math.max(MIN_CHUNK, BUFFER_BYTES / stride));
    }

    /** Makes the next {@link #read} walk the map whatever the update counter says (a cgroup was added). */
    @Override
    public void invalidate() {
        lastUpdates = -1;
    }

    @Override
    public void read(final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds,
                     final LongArrayList staleKeys) {
        if (updates != null) {
            final long now = updates.readCounter();
            if (now == lastUpdates) {
                return; // unchanged: the counters keep the values of the last read
            }
            lastUpdates = now;
        }
        map.batchStart();
        for (int n = map.batchNext(keys, values, chunk); n > 0; n = map.batchNext(keys, values, chunk)) {
            readChunk(n, states, liveIds, staleKeys);
        }
    }

    private void readChunk(final int n, final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds,
                           final LongArrayList staleKeys) {
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
                state.current[firstCounter + f] = accumulate ? state.current[firstCounter + f] + sum : sum;
            }
        }
    }

    @Override
    public void delete(final long cgroupId) {
        map.delete(cgroupId);
    }
}
