// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.memory.FreePageReleaser;
import io.ztsdb.core.wal.WalCheckpoint;
import io.ztsdb.core.wal.WalWriter;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The background maintenance thread: once a second, persists the head's sealed chunks into blocks when the head
 * is over half its memory limit, the WAL has grown by {@link TsdbConfig#walCheckpointBytes()} or
 * {@link TsdbConfig#persistIntervalMillis()} has passed; folds the WAL into a checkpoint after each persist;
 * applies retention; compacts for a bounded time; gives freed native pages back to the system.
 * <p>
 * A failing pass is logged and counted, and the next tick tries again: an error must not end the thread, or
 * persistence would stop silently and the head grow without bound. The thread is never interrupted (an interrupt
 * during {@code FileChannel} I/O would close the WAL's channel): {@link #close()} asks it to stop and waits.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
    private static final long TICK_MILLIS = 1000;
    /** Longest time one tick keeps compacting before it looks at persistence again. */
    private static final long COMPACTION_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Native memory freed since the last high point that makes the C allocator's free pages go back. */
    private static final long FREE_PAGES_RELEASE_BYTES = 16L << 20;
    /** Longest time between two releases of free pages otherwise. */
    private static final long FREE_PAGES_RELEASE_INTERVAL_MILLIS = 60_000;

    private final TsdbConfig config;
    private final Head head;
    private final WalWriter wal;
    private final Path walDirectory;
    private final FileOps fileOps;
    private final Persister persister;
    private final PersistedFloors floors;
    private final BlockMaintenance blocks;
    private final Thread thread;
    /** Held by one pass at a time: the thread's tick or {@link #runNow()}. */
    private final Object passMonitor = new Object();
    private final Object wakeup = new Object();
    /** Persisting frees head chunks by the tens of MB; their pages go back to the system from here. */
    private final FreePageReleaser freePages = new FreePageReleaser(FREE_PAGES_RELEASE_BYTES,
        FREE_PAGES_RELEASE_INTERVAL_MILLIS);
    private volatile boolean stopping;
    private long lastPersistNanos = System.nanoTime();
    private long walPositionAtCheckpoint;

    Maintenance(final TsdbConfig config, final Head head, final WalWriter wal, final Path walDirectory,
        final FileOps fileOps, final Persister persister, final PersistedFloors floors,
        final BlockMaintenance blocks) {
        this.config = config;
        this.head = head;
        this.wal = wal;
        this.walDirectory = walDirectory;
        this.fileOps = fileOps;
        this.persister = persister;
        this.floors = floors;
        this.blocks = blocks;
        this.thread = Thread.ofPlatform().name("ztsdb-maintenance").daemon(true).unstarted(this::run);
    }

    /** Starts the background thread. */
    void start() {
        thread.start();
    }

    /** Runs one whole pass now, in the calling thread: persist, checkpoint, retention, compaction to the end. */
    void runNow() {
        synchronized (passMonitor) {
            wal.tryResume();
            persist();
            blocks.applyRetention();
            blocks.compactAll();
        }
    }

    private void run() {
        while (!stopping) {
            synchronized (wakeup) {
                try {
                    wakeup.wait(TICK_MILLIS);
                } catch (final InterruptedException ex) {
                    return;
                }
            }
            try {
                synchronized (passMonitor) {
                    if (stopping) {
                        return;
                    }
                    tick();
                }
            } catch (final RuntimeException | OutOfMemoryError ex) {
                // An OutOfMemoryError (e.g. direct memory for block writers) must not end the thread either.
                LOG.log(System.Logger.Level.ERROR, "maintenance failed, will retry: " + ex.getMessage(), ex);
            }
        }
    }

    private void tick() {
        // While the disk is full, persisting and compacting would only fail: retention may free space, and the
        // WAL resumes here once there is some, even when no append comes.
        final boolean writable = wal.tryResume();
        freePages.maybeRelease(); // sees the head at its fullest, before persisting frees it
        if (writable && shouldPersist()) {
            persist();
        }
        blocks.applyRetention();
        if (writable) {
            blocks.compactFor(COMPACTION_BUDGET_NANOS, () -> stopping, this::shouldPersist);
        }
        freePages.maybeRelease();
    }

    private boolean shouldPersist() {
        final HeadStats stats = head.stats();
        if (stats.sealedChunks() == 0) {
            return false;
        }
        return Persister.overMemoryLimit(stats, config.headMemoryLimitBytes()) ||
            wal.appendedPosition() - walPositionAtCheckpoint >= config.walCheckpointBytes() ||
            System.nanoTime() - lastPersistNanos >= TimeUnit.MILLISECONDS.toNanos(config.persistIntervalMillis());
    }

    /**
     * Rotates the WAL to a new segment S, persists the sealed chunks, then folds the segments below S into a
     * checkpoint that keeps only the points above their series' floor.
     */
    private void persist() {
        lastPersistNanos = System.nanoTime();
        final long walPosition = wal.appendedPosition();
        final long checkpointSequence = wal.rotate();
        if (persister.persistSealedChunks() > 0) {
            final WalCheckpoint.Result result = WalCheckpoint.create(walDirectory, fileOps, checkpointSequence,
                (seriesId, timestampMillis) -> timestampMillis > floors.floor(seriesId));
            walPositionAtCheckpoint = walPosition;
            LOG.log(System.Logger.Level.DEBUG, "persisted; WAL checkpoint " + result);
        }
    }

    /** Stops the thread after its current pass and waits for it; idempotent. */
    @Override
    public void close() {
        stopping = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (final InterruptedException ex) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
