// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A pool with regions made ahead, on its own table and reserve thread (the process-wide pools are shared). */
class RegionReserveTest {
    private static final int SLOT = 4000;
    /** 4,096-byte slots per 2 MiB region. */
    private static final int SLOTS_PER_REGION = MemoryRegion.REGION_BYTES / 4096;

    private final RegionTable table = new RegionTable();
    private final RegionReserve reserve = new RegionReserve(table);
    private final MemoryPool pool = new MemoryPool(table, 2, reserve::wake);

    @Test
    void shouldHandOutRegionsMadeAheadOnTheReserveThread() throws InterruptedException {
        reserve.serve(pool);
        final List<Long> handles = new ArrayList<>();
        for (int i = 0; i < SLOTS_PER_REGION + 1; i++) { // the first region, made here, and one slot of a second
            handles.add(pool.allocate(SLOT));
        }
        awaitReady();
        assertThat(table.reservedBytes()).as("two regions in use, two made ahead")
            .isEqualTo(4L * MemoryRegion.REGION_BYTES);
        final Set<MemoryRegion> madeAhead = liveRegions();
        madeAhead.remove(table.region(handles.get(0)));
        madeAhead.remove(table.region(handles.get(handles.size() - 1)));
        assertThat(madeAhead).hasSize(2);
        for (int i = 0; i < SLOTS_PER_REGION; i++) { // fills the second region and opens a third
            handles.add(pool.allocate(SLOT));
        }
        final MemoryRegion third = table.region(handles.get(handles.size() - 1));
        assertThat(madeAhead).as("the third region was one made ahead").contains(third);
        awaitReady();
        assertThat(table.reservedBytes()).as("three in use, the taken one made again")
            .isEqualTo(5L * MemoryRegion.REGION_BYTES);
        for (final long handle : handles) {
            pool.free(table.region(handle), RegionTable.handle(0, handle & 0xFFFF_FFFFL));
        }
        assertThat(pool.takeFreeRegions()).as("the regions made ahead are the spare: every empty one goes")
            .hasSize(3);
        assertThat(pool.readyShortfall()).isZero();
    }

    @Test
    void shouldMakeTheRegionItselfWhenNoneWasMadeAhead() {
        // The reserve serves no pool here: every region is made by the allocating thread, as without a reserve.
        final long first = pool.allocate(SLOT);
        final long large = pool.allocate(3L * MemoryRegion.REGION_BYTES);
        for (int i = 0; i < SLOTS_PER_REGION; i++) {
            pool.allocate(SLOT);
        }
        assertThat(table.region(first)).isNotNull();
        assertThat(table.region(large).large()).isTrue();
        assertThat(pool.readyShortfall()).isEqualTo(2);
        assertThat(table.reservedBytes()).isEqualTo(5L * MemoryRegion.REGION_BYTES);
    }

    private void awaitReady() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.readyShortfall() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pool.readyShortfall()).as("regions made ahead within 30 s").isZero();
    }

    private Set<MemoryRegion> liveRegions() {
        final Set<MemoryRegion> live = new HashSet<>();
        for (int id = 1; id < 64; id++) {
            final MemoryRegion region = table.region(RegionTable.handle(id, 0));
            if (region != null) {
                live.add(region);
            }
        }
        return live;
    }
}
