// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Every live {@link MemoryRegion} by id, so that a handle ({@code id << 32 | offset}, a {@code long} like an
 * address) finds its region's segment without a lookup structure: one array read. Ids of closed regions are
 * reused.
 * <p>
 * Thread-safe: changes hold the table's monitor; {@link #region(long)} reads without a lock. A handle reaches its
 * reader through the same synchronisation that publishes the memory's contents (the head's shard locks), which
 * orders the region's registration before the read.
 */
final class RegionTable {
    private volatile MemoryRegion[] regions = new MemoryRegion[64];
    private int[] freeIds = new int[64];
    private int freeIdCount;
    private int nextId = 1;
    private volatile long reservedBytes;

    static long handle(final int regionId, final long offset) {
        return (long) regionId << 32 | offset;
    }

    /** @return the region of a handle. */
    MemoryRegion region(final long handle) {
        return regions[(int) (handle >>> 32)];
    }

    /**
     * Creates and registers a region. The memory is allocated (and zero-filled, which touches every page of it)
     * before the table's monitor is taken, so a region made ahead on a background thread does not hold up the
     * registration of another one.
     */
    MemoryRegion create(final MemoryPool pool, final long bytes, final boolean large) {
        final Arena arena = Arena.ofShared();
        final MemorySegment segment;
        try {
            segment = arena.allocate(bytes, Long.BYTES);
        } catch (final RuntimeException | OutOfMemoryError ex) {
            arena.close();
            throw ex;
        }
        return register(pool, arena, segment, large);
    }

    private synchronized MemoryRegion register(final MemoryPool pool, final Arena arena, final MemorySegment segment,
        final boolean large) {
        final int id = freeIdCount > 0 ? freeIds[--freeIdCount] : nextId++;
        final MemoryRegion region = new MemoryRegion(id, pool, arena, segment, large);
        MemoryRegion[] current = regions;
        if (id >= current.length) {
            current = Arrays.copyOf(current, Math.max(id + 1, current.length * 2));
        }
        current[id] = region;
        regions = current;
        reservedBytes += segment.byteSize();
        return region;
    }

    /** Unregisters a region; its id may be reused from now on. */
    synchronized void remove(final MemoryRegion region) {
        regions[region.id] = null;
        release(region.id);
        reservedBytes -= region.segment.byteSize();
    }

    /** @return bytes of every live region. */
    long reservedBytes() {
        return reservedBytes;
    }

    private void release(final int id) {
        if (freeIdCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIdCount * 2);
        }
        freeIds[freeIdCount++] = id;
    }
}
