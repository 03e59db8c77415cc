// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.lang.foreign.ValueLayout;

/**
 * A page of equal slots of one size class. Never-used slots are handed out in order; freed slots form a list
 * threaded through their first four bytes. Pages with a free slot are linked into their size class's list in the
 * pool. Guarded by the pool's monitor.
 */
final class SlabPage {
    private static final int NO_SLOT = -1;

    final MemoryRegion region;
    final int index;
    final int sizeClass;
    final int slotBytes;
    private final int slotCount;
    private final long firstOffset;
    private int used;
    private int neverUsed;
    private int freeHead = NO_SLOT;
    /** Neighbours in the size class's list of pages with a free slot. */
    SlabPage previous;
    SlabPage next;
    boolean listed;

    SlabPage(final MemoryRegion region, final int index, final int sizeClass) {
        this.region = region;
        this.index = index;
        this.sizeClass = sizeClass;
        this.slotBytes = SizeClasses.slotBytes(sizeClass);
        this.slotCount = MemoryRegion.PAGE_BYTES / slotBytes;
        this.firstOffset = (long) index * MemoryRegion.PAGE_BYTES;
    }

    boolean full() {
        return used == slotCount;
    }

    boolean empty() {
        return used == 0;
    }

    /** @return the offset in the region of a free slot, now taken; the page must not be full. */
    long take() {
        final int slot;
        if (freeHead != NO_SLOT) {
            slot = freeHead;
            freeHead = region.segment.get(ValueLayout.JAVA_INT, offsetOf(slot));
        } else {
            slot = neverUsed++;
        }
        used++;
        return offsetOf(slot);
    }

    /** Gives back the slot at {@code offset} in the region. */
    void give(final long offset) {
        final int slot = (int) ((offset - firstOffset) / slotBytes);
        region.segment.set(ValueLayout.JAVA_INT, offset, freeHead);
        freeHead = slot;
        used--;
    }

    private long offsetOf(final int slot) {
        return firstOffset + (long) slot * slotBytes;
    }
}
