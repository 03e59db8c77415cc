// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;

/**
 * Reads the counter slots of one object ({@code net_slots}, {@code runq_slots}: a per-CPU array whose value on each
 * CPU is the owning cgroup's id followed by its counters, see {@code ztsdb_maps.h}) together with their overflow
 * hash, which holds the counts of the cgroups whose two slots belonged to others on a CPU. A cgroup's counters are
 * the sum of every CPU copy of every slot that holds its id, plus its overflow entry: both parts only grow while it is
 * watched, so the sum does too.
 *
 * <p>Freeing a slot ({@link #delete}) writes zeros to every CPU's copy at once (user space cannot write one CPU's
 * copy), so it happens only when no copy belongs to a cgroup that is still watched or still exists: a live owner's
 * counters would otherwise lose the events counted between the read and the write. A copy of a cgroup that is gone
 * stays until the other copies of its slot are gone too; meanwhile the cgroups that hash to it on that CPU use their
 * second slot or the overflow.
 */
final class SlotReader implements CounterReader {
    /** Multiplier of the slot hash ({@code ZTSDB_SLOT_HASH}): the golden ratio in 64-bit fixed point. */
    static final long SLOT_HASH = 0x9E3779B97F4A7C15L;
    private static final int FIRST_SHIFT = 40;
    private static final int SECOND_SHIFT = 20;

    private final BpfMap slots;
    private final MapReader overflow;
    private final int fields;
    private final int firstCounter;
    private final int entries;
    private final long mask;
    private final int chunk;
    private final int stride;
    private final int copy;
    private final int cpus;
    private final MemorySegment keys;
    private final MemorySegment values;
    private final MemorySegment one;
    private Long2ObjectHashMap<CgroupState> states = new Long2ObjectHashMap<>();
    private LongHashSet liveIds = new LongHashSet();
    private long slotsFreed;

    /**
     * @param slots        the per-CPU slot array (its size a power of two).
     * @param overflow     the reader of the overflow hash, which must add to the counters ({@link MapReader}).
     * @param fields       the u64 counters after the id.
     * @param firstCounter where they go in {@link CgroupState}.
     * @param arena        holds the read buffers.
     */
    SlotReader(final BpfMap slots, final MapReader overflow, final int fields, final int firstCounter,
               final Arena arena) {
        this.slots = slots;
        this.overflow = overflow;
        this.fields = fields;
        this.firstCounter = firstCounter;
        this.entries = slots.maxEntries();
        if (Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException(slots.name() + " must have a power-of-two size: " + entries);
        }
        this.mask = entries - 1;
        this.stride = slots.valueStride();
        this.copy = (slots.valueSize() + 7) & ~7;
        this.cpus = stride / copy;
        this.chunk = MapReader.chunkEntries(entries, stride);
        this.keys = arena.allocate((long) chunk * slots.keySize(), 8);
        this.values = arena.allocate((long) chunk * stride, 8);
        this.one = arena.allocate(stride, 8);
    }

    /** {@return the first slot of a cgroup in a table of mask + 1 slots} */
    static int firstSlot(final long cgroupId, final long mask) {
        return (int) (((cgroupId * SLOT_HASH) >>> FIRST_SHIFT) & mask);
    }

    /** {@return the second slot of a cgroup in a table of mask + 1 slots} */
    static int secondSlot(final long cgroupId, final long mask) {
        return (int) (((cgroupId * SLOT_HASH) >>> SECOND_SHIFT) & mask);
    }

    @Override
    public void invalidate() {
        overflow.invalidate();
    }

    @Override
    public void read(final Long2ObjectHashMap<CgroupState> states, final LongHashSet liveIds,
                     final LongArrayList staleKeys) {
        this.states = states;
        this.liveIds = liveIds;
        for (final CgroupState state : states.values()) {
            Arrays.fill(state.current, firstCounter, firstCounter + fields, 0L);
        }
        slots.batchStart();
        for (int n = slots.batchNext(keys, values, chunk); n > 0; n = slots.batchNext(keys, values, chunk)) {
            for (int i = 0; i < n; i++) {
                readSlot(values, (long) i * stride, staleKeys);
            }
        }
        overflow.read(states, liveIds, staleKeys);
    }

    private void readSlot(final MemorySegment buffer, final long base, final LongArrayList staleKeys) {
        for (int c = 0; c < cpus; c++) {
            final long at = base + (long) c * copy;
            final long id = buffer.get(JAVA_LONG_UNALIGNED, at + MapLayouts.SLOT_CGROUP_ID_OFFSET);
            if (id == 0) {
                continue;
            }
            final CgroupState state = states.get(id);
            if (state == null) {
                if (gone(id) && !staleKeys.containsLong(id)) {
                    staleKeys.addLong(id);
                }
                continue;
            }
            final long counters = at + MapLayouts.SLOT_COUNTERS_OFFSET;
            for (int f = 0; f < fields; f++) {
                state.current[firstCounter + f] += buffer.get(JAVA_LONG_UNALIGNED, counters + (long) f * Long.BYTES);
            }
        }
    }

    /** A cgroup that is neither watched nor in the v2 tree (unknown while discovery has not run). */
    private boolean gone(final long id) {
        return !states.containsKey(id) && !liveIds.isEmpty() && !liveIds.contains(id);
    }

    /**
     * Deletes a cgroup's overflow entry and frees its slots where no other CPU's copy belongs to a cgroup that is
     * watched or exists. Called after the cgroup's final round.
     */
    @Override
    public void delete(final long cgroupId) {
        overflow.delete(cgroupId);
        free(firstSlot(cgroupId, mask), cgroupId);
        final int second = secondSlot(cgroupId, mask);
        if (second != firstSlot(cgroupId, mask)) {
            free(second, cgroupId);
        }
    }

    private void free(final int index, final long cgroupId) {
        slots.lookupAt(index, one); // fresh: an owner may have claimed a copy since the round's read
        boolean held = false;
        for (int c = 0; c < cpus; c++) {
            final long id = one.get(JAVA_LONG_UNALIGNED, (long) c * copy + MapLayouts.SLOT_CGROUP_ID_OFFSET);
            if (id == cgroupId) {
                held = true;
            } else if (id != 0 && !gone(id)) {
                return; // a live owner on another CPU: keep the slot
            }
        }
        if (held) {
            one.fill((byte) 0);
            slots.updateAt(index, one);
            slotsFreed++;
        }
    }

    /** {@return the slots freed so far} */
    long slotsFreed() {
        return slotsFreed;
    }
}
