// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import org.agrona.UnsafeApi;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one allocator of native memory in {@code tsdb-core}, with a byte counter per {@link MemoryTag}
 * (the QuestDB {@code Unsafe.malloc(size, tag)} model).
 * <p>
 * Callers pass the size back on {@link #free(long, long, MemoryTag)} so the counters stay exact without a
 * per-allocation header. Tests wrap native work in a leak check: {@link #bytesInUse()} before equals after.
 * <p>
 * <b>Design note:</b> built on {@code jdk.internal.misc.Unsafe} through Agrona's {@link UnsafeApi}
 * ({@code malloc}/{@code realloc}/{@code free}) rather than one FFM {@code Arena} per block: a shared arena's
 * {@code close()} costs a thread handshake, far too slow for thousands of chunk allocations per second, and a
 * confined arena cannot be freed from another thread. Views over the memory are Agrona buffers or raw
 * addresses.
 */
public final class NativeMemory {
    private static final MemoryTag[] TAGS = MemoryTag.values();
    private static final AtomicLongArray BYTES_BY_TAG = new AtomicLongArray(TAGS.length);
    private static final AtomicLongArray BLOCKS_BY_TAG = new AtomicLongArray(TAGS.length);

    private NativeMemory() {
    }

    /**
     * Allocates {@code bytes} of native memory, zero-filled.
     *
     * @param bytes size, greater than zero.
     * @param tag   what the memory is for.
     * @return the address.
     * @throws OutOfMemoryError when the system has no memory left.
     */
    public static long allocate(final long bytes, final MemoryTag tag) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive: bytes=" + bytes);
        }
        final long address = UnsafeApi.allocateMemory(bytes);
        UnsafeApi.setMemory(address, bytes, (byte)0);
        BYTES_BY_TAG.addAndGet(tag.ordinal(), bytes);
        BLOCKS_BY_TAG.incrementAndGet(tag.ordinal());
        return address;
    }

    /**
     * Grows or shrinks a block; the common prefix is kept and any new tail is zero-filled.
     *
     * @param address  block from {@link #allocate(long, MemoryTag)}.
     * @param oldBytes its current size.
     * @param newBytes the size wanted, greater than zero.
     * @param tag      the tag it was allocated with.
     * @return the (possibly moved) address; the old address must not be used again.
     */
    public static long reallocate(final long address, final long oldBytes, final long newBytes, final MemoryTag tag) {
        if (address == 0 || oldBytes <= 0 || newBytes <= 0) {
            throw new IllegalArgumentException(
                "bad reallocate: address=" + address + " oldBytes=" + oldBytes + " newBytes=" + newBytes);
        }
        final long moved = UnsafeApi.reallocateMemory(address, newBytes);
        if (newBytes > oldBytes) {
            UnsafeApi.setMemory(moved + oldBytes, newBytes - oldBytes, (byte)0);
        }
        BYTES_BY_TAG.addAndGet(tag.ordinal(), newBytes - oldBytes);
        return moved;
    }

    /**
     * Frees a block; a zero address is ignored.
     *
     * @param address block from {@link #allocate(long, MemoryTag)}, or 0.
     * @param bytes   its size.
     * @param tag     the tag it was allocated with.
     */
    public static void free(final long address, final long bytes, final MemoryTag tag) {
        if (address == 0) {
            return;
        }
        UnsafeApi.freeMemory(address);
        BYTES_BY_TAG.addAndGet(tag.ordinal(), -bytes);
        BLOCKS_BY_TAG.decrementAndGet(tag.ordinal());
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

    /** @return blocks allocated and not yet freed, all tags. */
    public static long blocksInUse() {
        long total = 0;
        for (int i = 0; i < TAGS.length; i++) {
            total += BLOCKS_BY_TAG.get(i);
        }
        return total;
    }
}
