// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one allocator of native memory in {@code tsdb-core}, with a byte counter per {@link MemoryTag}
 * (the QuestDB {@code Unsafe.malloc(size, tag)} model), built on the FFM API alone: no JVM flag is needed.
 * <p>
 * An allocation is named by a {@code long} handle, used like an address: {@link #segment(long)} and {@link
 * #offset(long)} locate its bytes. Callers pass the size back on {@link #free(long, long, MemoryTag)} so the
 * counters stay exact without a per-allocation header. Tests wrap native work in a leak check: {@link
 * #bytesInUse()} before equals after.
 * <p>
 * <b>Design note:</b> one FFM {@code Arena} per allocation would be far too slow: closing a shared arena costs a
 * handshake with every thread (40 us on an idle machine, milliseconds on a busy one), and a confined arena cannot
 * be freed from another thread, while the head allocates and frees thousands of chunks per second from any
 * thread. So memory comes from the system in 2 MiB regions, one shared arena each, split into 64 KiB pages of
 * equal slots (16 bytes to 16 KiB, at most a fifth wasted), with one pool of regions per tag; larger allocations
 * get a region each. A region whose every slot is free goes back to the system at the next {@link
 * #releaseFreeRegions()} (called by the maintenance thread, outside the engine's locks), so the handshakes are
 * rare and off the ingest and query paths. The head's pools keep two regions made ahead by a reserve
 * thread, so that the appending thread does not fault in and zero-fill a fresh region itself.
 */
public final class NativeMemory {
    private static final MemoryTag[] TAGS = MemoryTag.values();
    private static final AtomicLongArray BYTES_BY_TAG = new AtomicLongArray(TAGS.length);
    private static final AtomicLongArray BLOCKS_BY_TAG = new AtomicLongArray(TAGS.length);
    private static final RegionTable REGIONS = new RegionTable();
    private static final MemoryPool[] POOLS = new MemoryPool[TAGS.length];
    /** Regions made ahead per pool that grows on the ingest path: enough for a burst of seals while one is made. */
    private static final int READY_REGIONS = 2;
    private static final RegionReserve RESERVE = new RegionReserve(REGIONS);

    static {
        for (int i = 0; i < POOLS.length; i++) {
            final boolean ingestPath = TAGS[i] == MemoryTag.HEAD_OPEN_CHUNK || TAGS[i] == MemoryTag.HEAD_SEALED_CHUNK;
            POOLS[i] = ingestPath ? new MemoryPool(REGIONS, READY_REGIONS, RESERVE::wake) : new MemoryPool(REGIONS);
        }
        RESERVE.serve(POOLS[MemoryTag.HEAD_OPEN_CHUNK.ordinal()], POOLS[MemoryTag.HEAD_SEALED_CHUNK.ordinal()]);
    }

    private NativeMemory() {
    }

    /**
     * Allocates {@code bytes} of native memory, zero-filled.
     *
     * @param bytes size, greater than zero and below 4 GiB.
     * @param tag   what the memory is for.
     * @return the handle, never 0.
     * @throws OutOfMemoryError when the system has no memory left.
     */
    public static long allocate(final long bytes, final MemoryTag tag) {
        if (bytes <= 0 || bytes >= 1L << 32) {
            throw new IllegalArgumentException("bytes must be positive and below 4 GiB: bytes=" + bytes);
        }
        final long handle = POOLS[tag.ordinal()].allocate(bytes);
        BYTES_BY_TAG.addAndGet(tag.ordinal(), bytes);
        BLOCKS_BY_TAG.incrementAndGet(tag.ordinal());
        segment(handle).asSlice(offset(handle), bytes).fill((byte) 0);
        return handle;
    }

    /**
     * Grows or shrinks an allocation; the common prefix is kept and any new tail is zero-filled.
     *
     * @param handle   from {@link #allocate(long, MemoryTag)}.
     * @param oldBytes its current size.
     * @param newBytes the size wanted, greater than zero.
     * @param tag      the tag it was allocated with.
     * @return the handle of the (possibly moved) memory; the old handle must not be used again.
     */
    public static long reallocate(final long handle, final long oldBytes, final long newBytes, final MemoryTag tag) {
        if (handle == 0 || oldBytes <= 0 || newBytes <= 0) {
            throw new IllegalArgumentException(
                "bad reallocate: handle=" + handle + " oldBytes=" + oldBytes + " newBytes=" + newBytes);
        }
        final long moved = allocate(newBytes, tag);
        MemorySegment.copy(segment(handle), offset(handle), segment(moved), offset(moved),
            Math.min(oldBytes, newBytes));
        free(handle, oldBytes, tag);
        return moved;
    }

    /**
     * Frees an allocation; a zero handle is ignored.
     *
     * @param handle from {@link #allocate(long, MemoryTag)}, or 0.
     * @param bytes  its size.
     * @param tag    the tag it was allocated with.
     */
    public static void free(final long handle, final long bytes, final MemoryTag tag) {
        if (handle == 0) {
            return;
        }
        final MemoryRegion region = REGIONS.region(handle);
        region.pool.free(region, offset(handle));
        BYTES_BY_TAG.addAndGet(tag.ordinal(), -bytes);
        BLOCKS_BY_TAG.decrementAndGet(tag.ordinal());
    }

    /**
     * @param handle a live allocation.
     * @return the segment that holds it, at {@link #offset(long)}; valid until the allocation is freed.
     */
    public static MemorySegment segment(final long handle) {
        return REGIONS.region(handle).segment;
    }

    /**
     * @param handle a live allocation.
     * @return where it starts in {@link #segment(long)}.
     */
    public static long offset(final long handle) {
        return handle & 0xFFFF_FFFFL;
    }

    /**
     * Gives the regions that hold nothing back to the system (closing their arenas: a handshake with every
     * thread each), keeping one spare region per tag. Call it from a background thread, outside locks that
     * readers or writers wait for.
     *
     * @return the bytes given back.
     */
    public static long releaseFreeRegions() {
        long released = 0;
        for (final MemoryPool pool : POOLS) {
            final List<MemoryRegion> free = pool.takeFreeRegions();
            for (final MemoryRegion region : free) {
                released += region.segment.byteSize();
                REGIONS.remove(region);
                region.arena.close();
            }
        }
        return released;
    }

    /** @return bytes allocated and not yet freed, all tags. */
    public static long bytesInUse() {
        long total = 0;
        for (int i = 0; i < TAGS.length; i++) {
            total += BYTES_BY_TAG.get(i);
        }
        return total;
    }

    /**
     * @param tag the tag.
     * @return bytes allocated with {@code tag} and not yet freed.
     */
    public static long bytesInUse(final MemoryTag tag) {
        return BYTES_BY_TAG.get(tag.ordinal());
    }

    /** @return allocations not yet freed, all tags. */
    public static long blocksInUse() {
        long total = 0;
        for (int i = 0; i < TAGS.length; i++) {
            total += BLOCKS_BY_TAG.get(i);
        }
        return total;
    }

    /** @return bytes held from the system: regions in use, spare and not yet released. */
    public static long reservedBytes() {
        return REGIONS.reservedBytes();
    }
}
