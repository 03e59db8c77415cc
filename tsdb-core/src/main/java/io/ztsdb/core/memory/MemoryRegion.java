// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One block of native memory from the system, owned by its own shared {@link Arena}: either split into
 * {@link #PAGE_BYTES} pages of small slots, or holding one large allocation. Guarded by its pool's monitor.
 */
final class MemoryRegion {
    /** Bytes of a page: one size class's slots. */
    static final int PAGE_BYTES = 64 * 1024;
    /** Bytes of a region of pages. */
    static final int REGION_BYTES = 2 * 1024 * 1024;
    /** Pages per region. */
    static final int PAGES = REGION_BYTES / PAGE_BYTES;

    final int id;
    final MemoryPool pool;
    final Arena arena;
    final MemorySegment segment;
    /** The pages in use by index, null for a free page; null for a large region. */
    final SlabPage[] pages;
    /** Pages in use; for a large region, 1 while its allocation is live. */
    int usedPages;

    MemoryRegion(final int id, final MemoryPool pool, final Arena arena, final MemorySegment segment,
        final boolean large) {
        this.id = id;
        this.pool = pool;
        this.arena = arena;
        this.segment = segment;
        this.pages = large ? null : new SlabPage[PAGES];
    }

    boolean large() {
        return pages == null;
    }

    /** @return the index of a free page, or -1 when every page is in use. */
    int freePage() {
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] == null) {
                return i;
            }
        }
        return -1;
    }
}
