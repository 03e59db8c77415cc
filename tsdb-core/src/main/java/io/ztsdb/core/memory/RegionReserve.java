// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

import java.util.concurrent.locks.LockSupport;

/**
 * Makes {@link MemoryRegion}s ahead of need, on a daemon thread of its own ({@code ztsdb-memory-reserve}, started
 * the first time a pool asks), for the pools that grow on the ingest path.
 * <p>
 * <b>Design note:</b> {@code Arena.allocate} zero-fills the region it returns, so making a 2 MiB region touches
 * 512 fresh pages: page faults plus the fill, about a millisecond. While the head grows, the thread that appends
 * (a network event loop) would make a region every few hundred kilobytes of chunks; on the server under the
 * synthetic load that was an eighth of the event loop's time. Here the appending thread takes a region made
 * ahead and only wakes this thread, which makes the next one while the appends go on. When this thread falls
 * behind, the pool makes the region itself, as without a reserve.
 */
final class RegionReserve implements Runnable {
    private static final System.Logger LOG = System.getLogger(RegionReserve.class.getName());

    private final RegionTable table;
    private MemoryPool[] pools = new MemoryPool[0];
    private volatile boolean wanted;
    private Thread thread;

    RegionReserve(final RegionTable table) {
        this.table = table;
    }

    /** Sets the pools to keep regions ready for (once, before the first {@link #wake()}). */
    void serve(final MemoryPool... served) {
        this.pools = served.clone();
    }

    /** Asks for the pools' regions to be made up to their targets; cheap, from any thread, under any lock. */
    void wake() {
        wanted = true;
        LockSupport.unpark(thread());
    }

    private synchronized Thread thread() {
        if (thread == null) {
            thread = new Thread(this, "ztsdb-memory-reserve");
            thread.setDaemon(true);
            thread.start();
        }
        return thread;
    }

    @Override
    public void run() {
        while (true) {
            wanted = false;
            for (final MemoryPool pool : pools) {
                try {
                    for (int i = pool.readyShortfall(); i > 0; i--) {
                        pool.addReady(table.create(pool, MemoryRegion.REGION_BYTES, false));
                    }
                } catch (final RuntimeException | OutOfMemoryError ex) {
                    // The pool makes its regions itself until the next wake-up: nothing is lost but the head start.
                    LOG.log(System.Logger.Level.WARNING, "could not make a memory region ahead: " + ex);
                }
            }
            if (!wanted) {
                LockSupport.park(this);
            }
        }
    }
}
