// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.MaintenanceStats;
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
 * applies retention; compacts for a bounded time; gives freed native pages back to the system. After {@link
 * TsdbConfig#idleFlushMillis()} without a write it also seals every open chunk, persists them and compacts the open
 * windows: an idle database ends up in compacted blocks, with an empty WAL.
 * <p>
 * A failing persist is logged with its reason, counted ({@link MaintenanceStats}), and retried after a wait that
 * doubles from one second up to {@link MaintenanceStats#MAX_BACKOFF_MILLIS}; compaction backs off the same way. An
 * error must not end the thread, or persistence would stop silently and the head grow without bound. The thread is
 * never interrupted (an interrupt during {@code FileChannel} I/O would close the WAL's channel): {@link #close()}
 * asks it to stop and waits. Time comes from a {@link MaintenanceClock}, so that tests can drive it.
 */
final class Maintenance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Maintenance.class.getName());
    private static final long TICK_MILLIS = 1000;
    /** Longest time one tick keeps compacting before it looks at persistence again. */
    static final long COMPACTION_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
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
    private final NewestTimestamp newest;
    private final WriteActivity writes;
    private final MaintenanceClock clock;
    private final Thread thread;
    /** Held by one pass at a time: the thread's tick or {@link #runNow()}. */
    private final Object passMonitor = new Object();
    private final Object wakeup = new Object();
    /** Persisting frees head chunks by the tens of MB; their pages go back to the system from here. */
    private final FreePageReleaser freePages;
    private final Backoff persistBackoff;
    private final Backoff compactionBackoff;
    private volatile boolean stopping;
    private long lastPersistNanos;
    private long walPositionAtCheckpoint;
    /** The write count seen by the last idle flush: no new flush until it changes. */
    private long writesAtIdleFlush = -1;
    private volatile long persists;
    private volatile long blocksPersisted;
    private volatile long persistCpuNanos;
    private volatile long idleFlushes;

    Maintenance(final TsdbConfig config, final Head head, final WalWriter wal, final Path walDirectory,
        final FileOps fileOps, final Persister persister, final PersistedFloors floors,
        final BlockMaintenance blocks, final NewestTimestamp newest, final WriteActivity writes,
        final MaintenanceClock clock) {
        this.config = config;
        this.head = head;
        this.wal = wal;
        this.walDirectory = walDirectory;
        this.fileOps = fileOps;
        this.persister = persister;
        this.floors = floors;
        this.blocks = blocks;
        this.newest = newest;
        this.writes = writes;
        this.clock = clock;
        this.freePages = new FreePageReleaser(FREE_PAGES_RELEASE_BYTES, FREE_PAGES_RELEASE_INTERVAL_MILLIS,
            clock::nanoTime);
        this.persistBackoff = new Backoff("persist", clock);
        this.compactionBackoff = new Backoff("compaction", clock);
        this.lastPersistNanos = clock.nanoTime();
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
            blocks.compactAll(false);
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
                // An OutOfMemoryError (e.g. of the heap) must not end the thread either.
                LOG.log(System.Logger.Level.ERROR, "maintenance failed, will retry: " + ex.getMessage(), ex);
            }
        }
    }

    /** One pass of the background thread; package-private so that tests can drive it with their own clock. */
    void tick() {
        // While the disk is full, persisting and compacting would only fail: retention may free space, and the
        // WAL resumes here once there is some, even when no append comes.
        final boolean writable = wal.tryResume();
        freePages.maybeRelease(); // sees the head at its fullest, before persisting frees it
        final boolean idle = idleFlushDue();
        if (writable && (idle || shouldPersist()) && persistBackoff.ready()) {
            if (idle) {
                head.sealOpenChunks(Long.MAX_VALUE);
            }
            try {
                persist();
                persistBackoff.succeeded();
                if (idle) {
                    writesAtIdleFlush = writes.count();
                    idleFlushes++;
                }
            } catch (final RuntimeException | OutOfMemoryError ex) {
                persistBackoff.failed(ex);
            }
        }
        blocks.applyRetention();
        if (writable && compactionBackoff.ready()) {
            try {
                blocks.compactFor(COMPACTION_BUDGET_NANOS, () -> stopping, this::shouldPersist, idleFor());
                compactionBackoff.succeeded();
            } catch (final RuntimeException | OutOfMemoryError ex) {
                compactionBackoff.failed(ex);
            }
        }
        freePages.maybeRelease();
    }

    /** @return true when nothing was written for the idle time and the head still holds data since the last flush. */
    private boolean idleFlushDue() {
        return idleFor() && writes.count() != writesAtIdleFlush;
    }

    private boolean idleFor() {
        final long idleMillis = config.idleFlushMillis();
        return idleMillis > 0 &&
            clock.nanoTime() - writes.lastWriteNanos() >= TimeUnit.MILLISECONDS.toNanos(idleMillis);
    }

    private boolean shouldPersist() {
        final HeadStats stats = head.stats();
        if (stats.sealedChunks() == 0) {
            return false;
        }
        return Persister.overMemoryLimit(stats, config.headMemoryLimitBytes()) ||
            wal.appendedPosition() - walPositionAtCheckpoint >= config.walCheckpointBytes() ||
            clock.nanoTime() - lastPersistNanos >= TimeUnit.MILLISECONDS.toNanos(config.persistIntervalMillis());
    }

    /**
     * Seals the open chunks of series that stopped receiving data, rotates the WAL to a new segment S, persists
     * the sealed chunks, then folds the segments below S into a checkpoint that keeps only the points above their
     * series' floor.
     */
    private void persist() {
        lastPersistNanos = clock.nanoTime();
        final long cpuStart = CpuTime.threadNanos();
        final long newestMillis = newest.millis();
        if (newestMillis != Long.MIN_VALUE && newestMillis - config.chunkMaxSpanMillis() < newestMillis) {
            // A series whose newest sample is a whole chunk span behind the newest data stopped (a finished
            // container): its open chunk would otherwise stay in the head and its points in the WAL for ever.
            head.sealOpenChunks(newestMillis - config.chunkMaxSpanMillis());
        }
        final long walPosition = wal.appendedPosition();
        final long checkpointSequence = wal.rotate();
        final int written;
        try {
            written = persister.persistSealedChunks();
        } finally {
            persistCpuNanos += CpuTime.threadNanos() - cpuStart;
        }
        if (written > 0) {
            persists++;
            blocksPersisted += written;
            final WalCheckpoint.Result result = WalCheckpoint.create(walDirectory, fileOps, checkpointSequence,
                (seriesId, timestampMillis) -> timestampMillis > floors.floor(seriesId));
            walPositionAtCheckpoint = walPosition;
            LOG.log(System.Logger.Level.DEBUG, "persisted " + written + " blocks; WAL checkpoint " + result);
        }
    }

    /** @return the counters, for {@code /stats}. */
    MaintenanceStats stats() {
        return new MaintenanceStats(persists, blocksPersisted, persister.samplesWritten(),
            TimeUnit.NANOSECONDS.toMillis(persistCpuNanos), persistBackoff.failures(), persistBackoff.consecutive(),
            persistBackoff.lastFailure(), persistBackoff.lastFailureAtMillis(), persistBackoff.waitMillis(),
            blocks.compactions(), blocks.pointsCompacted(), blocks.pointsReencoded(),
            TimeUnit.NANOSECONDS.toMillis(blocks.compactionCpuNanos()), idleFlushes);
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
