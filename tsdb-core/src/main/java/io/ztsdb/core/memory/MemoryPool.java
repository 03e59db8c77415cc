// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The native memory of one {@link MemoryTag}: small allocations in slots of {@link SizeClasses}, on pages carved
 * from {@link MemoryRegion}s; large ones in a region each. Keeping tags apart keeps lifetimes apart: the head's
 * sealed chunks, freed together after a persist, leave whole regions free, which go back to the system, and the
 * long-lived open chunks do not pin them.
 * <p>
 * A pool on the ingest path keeps regions made ahead by a {@link RegionReserve}: making a region zero-fills (and so
 * faults in) 2 MiB, which the thread that fills the head's last region should not wait for.
 * <p>
 * Thread-safe: every operation holds the pool's monitor, briefly (a list operation or two). Regions are closed
 * outside it, by {@link #takeFreeRegions()}'s caller, and made ahead outside it, by the reserve's thread.
 */
final class MemoryPool {
    private final RegionTable table;
    /** Per size class, the first page with a free slot. */
    private final SlabPage[] available = new SlabPage[SizeClasses.COUNT];
    /** Regions of pages, oldest first: new pages come from the oldest region with room, so newer ones drain. */
    private final List<MemoryRegion> regions = new ArrayList<>();
    private final List<MemoryRegion> freeLarge = new ArrayList<>();
    /** Regions made ahead by a {@link RegionReserve}, taken before a region is made on the allocating thread. */
    private final ArrayDeque<MemoryRegion> ready = new ArrayDeque<>();
    private final int readyTarget;
    private final Runnable readyTaken;

    /** A pool whose regions are all made by the thread that needs one. */
    MemoryPool(final RegionTable table) {
        this(table, 0, () -> { });
    }

    /**
     * @param readyTarget regions to keep made ahead, 0 for none.
     * @param readyTaken  called (under the pool's monitor) after a region made ahead was taken or was missing.
     */
    MemoryPool(final RegionTable table, final int readyTarget, final Runnable readyTaken) {
        this.table = table;
        this.readyTarget = readyTarget;
        this.readyTaken = readyTaken;
    }

    /** @return regions to make ahead to reach the target. */
    synchronized int readyShortfall() {
        return readyTarget - ready.size();
    }

    /** Adds a region made ahead (by {@link RegionTable#create}, outside the pool's monitor). */
    synchronized void addReady(final MemoryRegion region) {
        ready.add(region);
    }

    /** @return a handle to {@code bytes} of memory, contents undefined. */
    synchronized long allocate(final long bytes) {
        if (bytes > SizeClasses.MAX_SMALL_BYTES) {
            final MemoryRegion region = table.create(this, bytes, true);
            region.usedPages = 1;
            return RegionTable.handle(region.id, 0);
        }
        final int sizeClass = SizeClasses.of((int) bytes);
        SlabPage page = available[sizeClass];
        if (page == null) {
            page = newPage(sizeClass);
        }
        final long offset = page.take();
        if (page.full()) {
            unlist(page);
        }
        return RegionTable.handle(page.region.id, offset);
    }

    /** Frees the memory of a handle from {@link #allocate(long)}. */
    synchronized void free(final MemoryRegion region, final long offset) {
        if (region.large()) {
            region.usedPages = 0;
            freeLarge.add(region);
            return;
        }
        final SlabPage page = region.pages[(int) (offset / MemoryRegion.PAGE_BYTES)];
        page.give(offset);
        if (page.empty()) {
            unlist(page);
            region.pages[page.index] = null;
            region.usedPages--;
        } else if (!page.listed) {
            list(page);
        }
    }

    /**
     * Takes out the regions that hold nothing, but for one spare region of pages, so that a pool whose use hovers
     * around a region boundary does not create and close regions over and over.
     *
     * @return the regions to close.
     */
    synchronized List<MemoryRegion> takeFreeRegions() {
        final List<MemoryRegion> taken = new ArrayList<>(freeLarge);
        freeLarge.clear();
        boolean spareKept = !ready.isEmpty(); // the regions made ahead are the spare
        for (int i = regions.size() - 1; i >= 0; i--) {
            final MemoryRegion region = regions.get(i);
            if (region.usedPages == 0) {
                if (spareKept) {
                    regions.remove(i);
                    taken.add(region);
                } else {
                    spareKept = true;
                }
            }
        }
        return taken;
    }

    private SlabPage newPage(final int sizeClass) {
        MemoryRegion region = null;
        int index = -1;
        for (final MemoryRegion candidate : regions) {
            index = candidate.freePage();
            if (index >= 0) {
                region = candidate;
                break;
            }
        }
        if (region == null) {
            region = ready.poll();
            if (region == null) {
                region = table.create(this, MemoryRegion.REGION_BYTES, false);
            }
            if (readyTarget > 0) {
                readyTaken.run();
            }
            regions.add(region);
            index = 0;
        }
        final SlabPage page = new SlabPage(region, index, sizeClass);
        region.pages[index] = page;
        region.usedPages++;
        list(page);
        return page;
    }

    private void list(final SlabPage page) {
        final SlabPage head = available[page.sizeClass];
        page.previous = null;
        page.next = head;
        if (head != null) {
            head.previous = page;
        }
        available[page.sizeClass] = page;
        page.listed = true;
    }

    private void unlist(final SlabPage page) {
        if (!page.listed) {
            return;
        }
        if (page.previous != null) {
            page.previous.next = page.next;
        } else {
            available[page.sizeClass] = page.next;
        }
        if (page.next != null) {
            page.next.previous = page.previous;
        }
        page.previous = null;
        page.next = null;
        page.listed = false;
    }
}
