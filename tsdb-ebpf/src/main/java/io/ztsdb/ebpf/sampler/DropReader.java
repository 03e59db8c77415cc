// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.ztsdb.ebpf.MetricNames;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import io.ztsdb.ebpf.libbpf.KernelBtf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;

/**
 * Batch-reads {@code drop_stats} ({@code struct drop_key} = cgroup id + reason, per-CPU u64 packets) into the
 * watched cgroups' {@link DropCounters}, names the reasons from the running kernel's BTF
 * ({@code enum skb_drop_reason}, read once, on the first drop), and deletes the keys of vanished cgroups. The map is
 * walked only when its update counter moved.
 */
final class DropReader {
    private static final String REASON_ENUM = "skb_drop_reason";
    private static final String REASON_PREFIX = "SKB_DROP_REASON_";
    private final BpfMap map;
    private final BpfMap updates;
    private long lastUpdates = -1;
    private final int chunk;
    private final int stride;
    private final int cpus;
    private final MemorySegment keys;
    private final MemorySegment values;
    private final MemorySegment deleteKey;
    private final long[] staleKeys;
    private int staleCount;
    private Map<Integer, String> reasonNames;

    DropReader(final EventMap maps, final Arena arena) {
        this.map = maps.stats();
        this.updates = maps.updates();
        this.stride = map.valueStride();
        this.chunk = MapReader.chunkEntries(map.maxEntries(), stride);
        this.cpus = map.isPerCpu() ? stride / MapLayouts.DROP_VALUE_LENGTH : 1;
        this.keys = arena.allocate((long) chunk * MapLayouts.DROP_KEY_LENGTH, 8);
        this.values = arena.allocate((long) chunk * stride, 8);
        this.deleteKey = arena.allocate(MapLayouts.DROP_KEY_LENGTH, 8);
        this.staleKeys = new long[map.maxEntries() * 2];
    }

    /** Makes the next {@link #read} walk the map whatever the update counter says (a cgroup was added). */
    void invalidate() {
        lastUpdates = -1;
    }

    void read(final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds) {
        if (updates != null) {
            final long now = updates.readCounter();
            if (now == lastUpdates) {
                return;
            }
            lastUpdates = now;
        }
        map.batchStart();
        for (int n = map.batchNext(keys, values, chunk); n > 0; n = map.batchNext(keys, values, chunk)) {
            readChunk(n, states, liveIds);
        }
    }

    private void readChunk(final int n, final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds) {
        for (int i = 0; i < n; i++) {
            final long keyOffset = (long) i * MapLayouts.DROP_KEY_LENGTH;
            final long id = keys.get(JAVA_LONG_UNALIGNED, keyOffset + MapLayouts.DROP_CGROUP_ID_OFFSET);
            final int reason = keys.get(JAVA_INT_UNALIGNED, keyOffset + MapLayouts.DROP_REASON_OFFSET);
            final CgroupState state = states.get(id);
            if (state == null) {
                if (!liveIds.isEmpty() && !liveIds.contains(id) && 2 * staleCount < staleKeys.length) {
                    staleKeys[2 * staleCount] = id;
                    staleKeys[2 * staleCount + 1] = reason;
                    staleCount++;
                }
                continue;
            }
            long sum = 0;
            for (int c = 0; c < cpus; c++) {
                sum += values.get(JAVA_LONG_UNALIGNED, (long) i * stride + (long) c * MapLayouts.DROP_VALUE_LENGTH);
            }
            final DropCounters drops = state.drops;
            int index = drops.indexOf(reason);
            if (index < 0) {
                index = drops.add(reason, reasonName(reason), state.entry.labels(), MetricNames.LABEL_REASON);
            }
            drops.current[index] = sum;
        }
    }

    /**
     * Deletes the keys of cgroups that no longer exist, found by the last {@link #read}.
     *
     * @return the number deleted.
     */
    int deleteStale() {
        final int deleted = staleCount;
        for (int i = 0; i < staleCount; i++) {
            delete(staleKeys[2 * i], (int) staleKeys[2 * i + 1]);
        }
        staleCount = 0;
        return deleted;
    }

    /** Deletes every key of a retired cgroup. */
    void delete(final CgroupState state) {
        final DropCounters drops = state.drops;
        for (int i = 0; i < drops.size; i++) {
            delete(state.entry.cgroupId(), drops.reasons[i]);
        }
    }

    private void delete(final long cgroupId, final int reason) {
        deleteKey.set(JAVA_LONG, MapLayouts.DROP_CGROUP_ID_OFFSET, cgroupId);
        deleteKey.set(JAVA_INT, MapLayouts.DROP_REASON_OFFSET, reason);
        deleteKey.set(JAVA_INT, MapLayouts.DROP_PAD_OFFSET, 0);
        map.delete(deleteKey);
    }

    /**
     * @return the kernel's name of a drop reason without the {@code SKB_DROP_REASON_} prefix, e.g.
     * {@code NO_SOCKET}.
     */
    String reasonName(final int reason) {
        if (reasonNames == null) {
            reasonNames = KernelBtf.enumValues(REASON_ENUM, REASON_PREFIX);
        }
        final String name = reasonNames.get(reason);
        return name != null ? name : "reason_" + Integer.toUnsignedString(reason);
    }
}
