// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One of the sender's parallel lanes, with its own thread: the dispatcher fills a batch of up to one request of
 * samples of this shard's series (a series always maps to the same shard) and hands it over; the thread encodes
 * and posts the batches one after the other, in the order handed over, so a series' samples stay in order. A
 * few batches circulate between the two, so the dispatcher reads the next chunk while the previous ones are sent.
 */
final class Shard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Shard.class.getName());
    /** Batches per shard: one being filled, the others queued or in flight. */
    private static final int BATCHES = 3;
    private static final long SLEEP_SLICE_MILLIS = 100;

    private final int index;
    private final RemoteEndpoint endpoint;
    private final RemoteWriteStats stats;
    private final WriteRequestBuilder builder;
    private final Backoff backoff;
    private final ExecutorService thread;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private Batch filling;
    private boolean failing;

    /** Samples of one request. */
    private static final class Batch {
        final long[] seriesIds;
        final long[] timestamps;
        final double[] values;
        int count;

        Batch(final int capacity) {
            seriesIds = new long[capacity];
            timestamps = new long[capacity];
            values = new double[capacity];
        }
    }

    Shard(final int index, final RemoteWriteConfig config, final RemoteEndpoint endpoint,
        final SeriesLabelEncoder labels, final RemoteWriteStats stats) {
        this.index = index;
        this.endpoint = endpoint;
        this.stats = stats;
        this.builder = new WriteRequestBuilder(labels);
        this.backoff = new Backoff(config.minBackoffMillis(), config.maxBackoffMillis(),
            () -> ThreadLocalRandom.current().nextDouble());
        this.thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon(true)
            .name("ztsdb-remote-write-shard-" + index).unstarted(r));
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(config.maxSamplesPerRequest()));
        }
    }

    /**
     * Makes sure a batch is being filled, waiting for one to come back from the thread.
     *
     * @return false when none came back within {@code timeoutMillis}.
     */
    boolean acquire(final long timeoutMillis) throws InterruptedException {
        if (filling == null) {
            filling = free.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return filling != null;
    }

    /** @return false when full (or no batch is acquired): the sample is not taken. */
    boolean add(final long seriesId, final long timestampMillis, final double value) {
        final Batch batch = filling;
        if (batch == null || batch.count == batch.seriesIds.length) {
            return false;
        }
        batch.seriesIds[batch.count] = seriesId;
        batch.timestamps[batch.count] = timestampMillis;
        batch.values[batch.count] = value;
        batch.count++;
        return true;
    }

    /** @return samples in the batch being filled. */
    int count() {
        return filling == null ? 0 : filling.count;
    }

    /** @return true when the batch being filled is full. */
    boolean full() {
        return filling != null && filling.count == filling.seriesIds.length;
    }

    /** Forgets the samples of the batch being filled. */
    void clear() {
        if (filling != null) {
            filling.count = 0;
        }
    }

    /**
     * Hands the batch being filled to the shard's thread, which sends it after the batches handed over before.
     *
     * @param abandoned turns true when the sender gives the batches in flight up.
     * @return the send's future.
     */
    Future<?> submit(final BooleanSupplier abandoned) {
        final Batch batch = filling;
        filling = null;
        return thread.submit(() -> {
            try {
                send(batch, abandoned);
            } finally {
                batch.count = 0;
                free.add(batch);
            }
        });
    }

    /**
     * Sends a batch, retrying until it is taken or refused; returns early when {@code abandoned} turns true or the
     * thread is interrupted (the samples then stay in the queue, or were counted as dropped).
     */
    private void send(final Batch batch, final BooleanSupplier abandoned) {
        if (batch.count == 0 || abandoned.getAsBoolean()) {
            return;
        }
        builder.encode(batch.seriesIds, batch.timestamps, batch.values, batch.count);
        final byte[] body = builder.body();
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < batch.count; i++) {
            newest = Math.max(newest, batch.timestamps[i]);
        }
        try {
            while (!abandoned.getAsBoolean()) {
                final SendOutcome outcome = endpoint.post(body, body.length);
                switch (outcome.kind()) {
                    case SENT -> {
                        stats.sent(batch.count, body.length, newest);
                        backoff.reset();
                        if (failing) {
                            failing = false;
                            LOG.log(System.Logger.Level.INFO, "remote-write shard " + index + ": receiver back");
                        }
                        return;
                    }
                    case REJECTED -> {
                        stats.rejected(batch.count, outcome.message());
                        LOG.log(System.Logger.Level.WARNING, "remote-write: receiver refused " + batch.count
                            + " samples, dropped without retry: " + outcome.message());
                        backoff.reset();
                        return;
                    }
                    default -> {
                        stats.retried(outcome.message());
                        final long delay = backoff.nextDelayMillis(outcome.retryAfterMillis());
                        if (!failing) {
                            failing = true;
                            LOG.log(System.Logger.Level.WARNING, "remote-write shard " + index + ": "
                                + outcome.message() + "; retrying (queued samples wait on disk)");
                        }
                        LOG.log(System.Logger.Level.DEBUG, "remote-write shard " + index + ": " + outcome.message()
                            + "; retrying in " + delay + " ms");
                        sleep(delay, abandoned);
                    }
                }
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(final long millis, final BooleanSupplier abandoned) throws InterruptedException {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = end - System.nanoTime()) > 0 && !abandoned.getAsBoolean()) {
            Thread.sleep(Math.min(SLEEP_SLICE_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    /** Stops the thread, interrupting a send in progress. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** Waits for the thread to end after {@link #close()}. */
    void awaitClosed(final long timeoutMillis) throws InterruptedException {
        thread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
