// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sender's loop, on one thread: reads the queue in order into the shards (by series), and when a shard is
 * full, the batch deadline passed or a segment ended, hands every shard its part of that chunk; the queue is
 * committed past a chunk once all its parts are acknowledged, chunks in order. Each shard sends its parts in the
 * order handed over, so the samples of a series reach the receiver in queue order, while the next chunks are read
 * (a shard's few batches bound how far reading runs ahead). A chunk never spans two segments, so dropping the
 * oldest segment gives up at most the chunks in flight. Once a second it persists the cursor and enforces the
 * queue's bounds.
 */
final class Dispatcher implements Runnable {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
    private static final long MAINTENANCE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_WAIT_MILLIS = 20;

    private final RemoteWriteConfig config;
    private final SenderQueue queue;
    private final Shard[] shards;
    private final RemoteWriteStats stats;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition dataAppended = lock.newCondition();
    private final PointSink router = this::route;
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private int pending;
    private long chunkStartNanos;
    private long lastMaintenanceNanos;
    private long lastRotationMillis = System.currentTimeMillis();

    /** A chunk handed to the shards: where the queue may be committed once all its sends are done. */
    private record Chunk(QueuePosition end, List<Future<?>> sends) {
    }

    Dispatcher(final RemoteWriteConfig config, final SenderQueue queue, final Shard[] shards,
        final RemoteWriteStats stats) {
        this.config = config;
        this.queue = queue;
        this.shards = shards;
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

    /** Makes {@link #run()} return soon; the chunks in flight stay in the queue. */
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
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } catch (final IOException | RuntimeException ex) {
                if (!running) {
                    return;   // stopping: the shards refuse work
                }
                stats.queueFailed("remote-write queue: " + ex);
                LOG.log(System.Logger.Level.ERROR, "remote-write: reading the queue failed; retrying in 1 s", ex);
                idle(1000);
            }
        }
    }

    private void step() throws IOException, InterruptedException {
        final long now = System.nanoTime();
        if (now - lastMaintenanceNanos >= MAINTENANCE_INTERVAL_NANOS) {
            lastMaintenanceNanos = now;
            maintain();
        }
        completeChunks();
        for (final Shard shard : shards) {
            if (!shard.acquire(IDLE_WAIT_MILLIS)) {
                return;   // every batch of that shard is in flight: wait for one to come back
            }
        }
        final int read = queue.read(Integer.MAX_VALUE, router, pending == 0);
        if (read > 0 && pending == 0) {
            chunkStartNanos = now;
        }
        pending += read;
        if (pending == 0) {
            if (inFlight.isEmpty()) {
                // Nothing unsent: everything before the read position is acknowledged.
                queue.commit(queue.readPosition());
            }
            idle(IDLE_WAIT_MILLIS);
            return;
        }
        final boolean shardFull = anyShardFull();
        final boolean segmentEnded = read == 0 && queue.readPosition().sequence() < queue.writerSequence();
        final boolean deadline = now - chunkStartNanos >= TimeUnit.MILLISECONDS.toNanos(config.batchDeadlineMillis());
        if (shardFull || segmentEnded || deadline) {
            handOver();
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

    private void handOver() {
        final List<Future<?>> sends = new ArrayList<>(shards.length);
        for (final Shard shard : shards) {
            if (shard.count() > 0) {
                sends.add(shard.submit(() -> abandoned));
            }
        }
        inFlight.add(new Chunk(queue.readPosition(), sends));
        pending = 0;
    }

    /** Commits the chunks at the head whose sends are all done; a failed send makes the chunks be read again. */
    private void completeChunks() throws InterruptedException {
        while (!inFlight.isEmpty()) {
            final Chunk head = inFlight.peek();
            for (final Future<?> send : head.sends()) {
                if (!send.isDone()) {
                    return;
                }
                try {
                    send.get();
                } catch (final ExecutionException | CancellationException ex) {
                    stats.queueFailed("remote-write shard failed: " + ex.getCause());
                    LOG.log(System.Logger.Level.ERROR, "remote-write: a shard failed; the chunks in flight will be "
                        + "sent again", ex.getCause());
                    giveUpInFlight();
                    queue.rewind();
                    idle(1000);
                    return;
                }
            }
            queue.commit(head.end());
            inFlight.poll();
        }
    }

    /** Makes every send in flight return soon, waits for them, and forgets the chunks and the batches filled. */
    private void giveUpInFlight() throws InterruptedException {
        abandoned = true;
        for (final Chunk chunk : inFlight) {
            for (final Future<?> send : chunk.sends()) {
                awaitQuietly(send);
            }
        }
        inFlight.clear();
        for (final Shard shard : shards) {
            shard.clear();
        }
        pending = 0;
        abandoned = !running;
    }

    private static void awaitQuietly(final Future<?> send) throws InterruptedException {
        try {
            send.get(1, TimeUnit.MINUTES);
        } catch (final ExecutionException | CancellationException | TimeoutException ex) {
            LOG.log(System.Logger.Level.DEBUG, "remote-write: a send given up ended with " + ex);
        }
    }

    /** Persists the cursor, rotates an aging segment, drops what the bounds no longer allow. */
    private void maintain() throws IOException, InterruptedException {
        queue.persist();
        final long nowMillis = System.currentTimeMillis();
        if (nowMillis - lastRotationMillis >= Math.max(1000, config.maxLagMillis() / 8)) {
            lastRotationMillis = nowMillis;
            queue.rotate();
        }
        long bytes = queue.pendingBytes();
        while (bytes > config.maxQueueBytes() || queue.oldestPendingAgeMillis(nowMillis) > config.maxLagMillis()) {
            if (queue.committed().sequence() >= queue.writerSequence()) {
                if (bytes > config.maxQueueBytes()) {
                    queue.rotate();
                }
                break;
            }
            // The chunks in flight may come from the segment dropped: give them up (those of later segments are
            // read again from the new cursor).
            giveUpInFlight();
            final long segment = queue.committed().sequence();
            final long dropped = queue.dropOldestSegment();
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
