// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * One of the sender's parallel lanes: holds up to one request of samples of its series (a series always maps to
 * the same shard, so its samples stay in order), encodes them and posts them until the receiver takes them,
 * refuses them for good, or the sender gives the chunk up.
 */
final class Shard {
    private static final System.Logger LOG = System.getLogger(Shard.class.getName());

    private final int index;
    private final RemoteEndpoint endpoint;
    private final RemoteWriteStats stats;
    private final WriteRequestBuilder builder;
    private final Backoff backoff;
    private final long[] seriesIds;
    private final long[] timestamps;
    private final double[] values;
    private int count;

    Shard(final int index, final RemoteWriteConfig config, final RemoteEndpoint endpoint,
        final SeriesLabelEncoder labels, final RemoteWriteStats stats) {
        this.index = index;
        this.endpoint = endpoint;
        this.stats = stats;
        this.builder = new WriteRequestBuilder(labels);
        this.backoff = new Backoff(config.minBackoffMillis(), config.maxBackoffMillis(),
            () -> ThreadLocalRandom.current().nextDouble());
        final int capacity = config.maxSamplesPerRequest();
        this.seriesIds = new long[capacity];
        this.timestamps = new long[capacity];
        this.values = new double[capacity];
    }

    /** @return false when full: the sample is not taken. */
    boolean add(final long seriesId, final long timestampMillis, final double value) {
        if (count == seriesIds.length) {
            return false;
        }
        seriesIds[count] = seriesId;
        timestamps[count] = timestampMillis;
        values[count] = value;
        count++;
        return true;
    }

    /** @return samples held. */
    int count() {
        return count;
    }

    /** @return true when one more sample would not fit. */
    boolean full() {
        return count == seriesIds.length;
    }

    /** Forgets the samples held. */
    void clear() {
        count = 0;
    }

    /**
     * Sends the samples held, retrying until they are taken or refused; returns early when {@code abandoned}
     * turns true or the thread is interrupted (the samples then stay in the queue, or were counted as dropped).
     */
    void send(final BooleanSupplier abandoned) {
        if (count == 0) {
            return;
        }
        builder.encode(seriesIds, timestamps, values, count);
        final byte[] body = builder.body();
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            newest = Math.max(newest, timestamps[i]);
        }
        try {
            while (!abandoned.getAsBoolean()) {
                final SendOutcome outcome = endpoint.post(body, body.length);
                switch (outcome.kind()) {
                    case SENT -> {
                        stats.sent(count, body.length, newest);
                        backoff.reset();
                        return;
                    }
                    case REJECTED -> {
                        stats.rejected(count, outcome.message());
                        LOG.log(System.Logger.Level.WARNING, "remote-write: receiver refused " + count
                            + " samples, dropped without retry: " + outcome.message());
                        backoff.reset();
                        return;
                    }
                    default -> {
                        stats.retried(outcome.message());
                        final long delay = backoff.nextDelayMillis(outcome.retryAfterMillis());
                        LOG.log(System.Logger.Level.DEBUG, "remote-write shard " + index + ": " + outcome.message()
                            + "; retrying in " + delay + " ms");
                        Thread.sleep(delay);
                    }
                }
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
