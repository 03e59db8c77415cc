// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender's loop, on one thread: reads the queue in order into the shards (by series), and when a shard is
 * full, the batch deadline passed or a segment ended, lets every shard send its part in parallel, waits for all,
 * then commits the queue up to the end of that chunk. Chunks go one after the other, so the samples of a series
 * reach the receiver in queue order; a chunk never spans two segments, so dropping the oldest segment gives up at
 * most the chunk in flight. Once a second it persists the cursor and enforces the queue's bounds.
 */
final class Dispatcher implements Runnable {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final long MAINTENANCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_WAIT_MILLIS = 20;

    private final RemoteWriteConfig config;
    private final SenderQueue queue;
    private final Shard[] shards;
    private final ExecutorService executor;
    private final RemoteWriteStats stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dataAppended = lock.newCondition();
    private final PointSink router = this::route;
    private final List<Future<?>> inFlight = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private boolean shardFailed;
    private int pending;
    private long chunkStartNanos;
    private long lastMaintenanceNanos;
    private long lastRotationMillis = System.currentTimeMillis();

    Dispatcher(final RemoteWriteConfig config, final SenderQueue queue, final Shard[] shards,
        final ExecutorService executor, final RemoteWriteStats stats) {
        this.config = config;
        this.queue = queue;
        this.shards = shards;
        this.executor = executor;
        this.stats = stats;
    }

    /** Wakes the loop: points were appended. */
    void signal() {
        if (lock.tryLock()) {
            try {
                dataAppended.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Makes {@link #run()} return soon; the chunk in flight stays in the queue. */
    void stop() {
        running = false;
        abandoned = true;
        signal();
    }

    @Override
    public void run() {
        while (running) {
            try {
                step();
            } catch (final IOException | RuntimeException ex) {
                stats.queueFailed("remote-write queue: " + ex);
                LOG.log(System.Logger.Level.ERROR, "remote-write: reading the queue failed; retrying in 1 s", ex);
                idle(1000);
            }
        }
    }

    private void step() throws IOException {
        final long now = System.nanoTime();
        if (now - lastMaintenanceNanos >= MAINTENANCE_INTERVAL_NANOS) {
            lastMaintenanceNanos = now;
            maintain();
        }
        final int read = queue.read(Integer.MAX_VALUE, router, pending == 0);
        if (read > 0 && pending == 0) {
            chunkStartNanos = now;
        }
        pending += read;
        if (pending == 0) {
            // Nothing unsent: everything before the read position is acknowledged.
            queue.commit(queue.readPosition());
            idle(IDLE_WAIT_MILLIS);
            return;
        }
        final boolean shardFull = anyShardFull();
        final boolean segmentEnded = read == 0 && queue.readPosition().sequence() < queue.writerSequence();
        final boolean deadline = now - chunkStartNanos >= TimeUnit.MILLISECONDS.toNanos(config.batchDeadlineMillis());
        if (shardFull || segmentEnded || deadline) {
            sendChunk();
        } else {
            idle(Math.min(IDLE_WAIT_MILLIS, config.batchDeadlineMillis()));
        }
    }

    private boolean route(final long seriesId, final long timestampMillis, final double value) {
        return shards[shardOf(seriesId)].add(seriesId, timestampMillis, value);
    }

    private int shardOf(final long seriesId) {
        final long h = seriesId * 0x9E3779B97F4A7C15L;
        return (int) ((h >>> 32) % shards.length);
    }

    private boolean anyShardFull() {
        for (final Shard shard : shards) {
            if (shard.full()) {
                return true;
            }
        }
        return false;
    }

    private void sendChunk() throws IOException {
        final QueuePosition end = queue.readPosition();
        abandoned = false;
        shardFailed = false;
        for (final Shard shard : shards) {
            if (shard.count() > 0) {
                inFlight.add(executor.submit(() -> shard.send(() -> abandoned)));
            }
        }
        for (final Future<?> future : inFlight) {
            awaitShard(future);
        }
        inFlight.clear();
        for (final Shard shard : shards) {
            shard.clear();
        }
        pending = 0;
        if (shardFailed) {
            // Not sent: read the chunk again after a pause (the shards that did send it send it twice).
            queue.rewind();
            idle(1000);
        } else if (!abandoned) {
            queue.commit(end);
        }
    }

    private void awaitShard(final Future<?> future) throws IOException {
        while (true) {
            try {
                future.get(1, TimeUnit.SECONDS);
                return;
            } catch (final TimeoutException ex) {
                // Retrying: keep the bounds and the cursor up to date meanwhile.
                lastMaintenanceNanos = System.nanoTime();
                maintain();
                if (abandoned) {
                    inFlight.forEach(f -> f.cancel(true));
                }
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                abandoned = true;
                inFlight.forEach(f -> f.cancel(true));
                return;
            } catch (final java.util.concurrent.CancellationException ex) {
                return;
            } catch (final ExecutionException ex) {
                shardFailed = true;
                stats.queueFailed("remote-write shard failed: " + ex.getCause());
                LOG.log(System.Logger.Level.ERROR, "remote-write: a shard failed; the chunk will be sent again",
                    ex.getCause());
                return;
            }
        }
    }

    /** Persists the cursor, rotates an aging segment, drops what the bounds no longer allow. */
    private void maintain() throws IOException {
        queue.persist();
        final long nowMillis = System.currentTimeMillis();
        if (nowMillis - lastRotationMillis >= Math.max(1000, config.maxLagMillis() / 8)) {
            lastRotationMillis = nowMillis;
            queue.rotate();
        }
        long bytes = queue.pendingBytes();
        while (bytes > config.maxQueueBytes() || queue.oldestPendingAgeMillis(nowMillis) > config.maxLagMillis()) {
            final long segment = queue.committed().sequence();
            final long dropped = queue.dropOldestSegment();
            if (dropped < 0) {
                if (bytes > config.maxQueueBytes()) {
                    queue.rotate();
                }
                break;
            }
            if (!inFlight.isEmpty()) {
                abandoned = true;
            }
            if (dropped > 0) {
                final String reason = "remote-write queue over its bound (" + bytes + " bytes, max "
                    + config.maxQueueBytes() + "; max lag " + config.maxLagMillis() + " ms): dropped segment "
                    + segment + " with " + dropped + " unsent samples";
                stats.droppedByQueueBound(dropped, reason);
                LOG.log(System.Logger.Level.WARNING, reason);
            }
            bytes = queue.pendingBytes();
        }
        stats.queueBytes(bytes);
    }

    private void idle(final long millis) {
        lock.lock();
        try {
            if (running) {
                dataAppended.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
