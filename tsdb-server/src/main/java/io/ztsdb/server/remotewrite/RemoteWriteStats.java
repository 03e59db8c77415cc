// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sender's state as plain numbers, for {@code GET /stats} and metric exporters. Thread-safe; every getter is
 * a cheap read.
 */
public final class RemoteWriteStats {
    private final LongAdder samplesQueued = new LongAdder();
    private final LongAdder queueFailures = new LongAdder();
    private final LongAdder samplesSent = new LongAdder();
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder samplesRejected = new LongAdder();
    private final LongAdder requestsRejected = new LongAdder();
    private final LongAdder samplesDroppedQueueBound = new LongAdder();
    private final AtomicLong newestQueuedMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong newestSentMillis = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong firstQueuedMillis = new AtomicLong(Long.MIN_VALUE);
    private volatile long queueBytes;
    private volatile long lastSentAtMillis;
    private volatile String lastError;
    private volatile long lastErrorAtMillis;
    private volatile String lastDrop;

    RemoteWriteStats() {
    }

    void queued(final int samples, final long newestTimestampMillis) {
        samplesQueued.add(samples);
        newestQueuedMillis.accumulateAndGet(newestTimestampMillis, Math::max);
        firstQueuedMillis.compareAndSet(Long.MIN_VALUE, newestTimestampMillis);
    }

    void queueFailed(final String error) {
        queueFailures.increment();
        error(error);
    }

    void sent(final int samples, final int bytes, final long newestTimestampMillis) {
        samplesSent.add(samples);
        requestsSent.increment();
        bytesSent.add(bytes);
        newestSentMillis.accumulateAndGet(newestTimestampMillis, Math::max);
        lastSentAtMillis = System.currentTimeMillis();
    }

    void retried(final String error) {
        retries.increment();
        error(error);
    }

    void rejected(final int samples, final String error) {
        samplesRejected.add(samples);
        requestsRejected.increment();
        error(error);
    }

    void droppedByQueueBound(final long samples, final String reason) {
        samplesDroppedQueueBound.add(samples);
        lastDrop = reason;
        error(reason);
    }

    void queueBytes(final long bytes) {
        queueBytes = bytes;
    }

    private void error(final String error) {
        lastError = error;
        lastErrorAtMillis = System.currentTimeMillis();
    }

    /** @return samples appended to the queue. */
    public long samplesQueued() {
        return samplesQueued.sum();
    }

    /** @return appends to the queue that failed (those samples are stored but not forwarded). */
    public long queueFailures() {
        return queueFailures.sum();
    }

    /** @return samples the receiver acknowledged with 2xx. */
    public long samplesSent() {
        return samplesSent.sum();
    }

    /** @return requests the receiver acknowledged. */
    public long requestsSent() {
        return requestsSent.sum();
    }

    /** @return compressed bytes of the acknowledged requests. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** @return attempts that failed with 5xx, 429 or a network error and were retried. */
    public long retries() {
        return retries.sum();
    }

    /** @return samples dropped because the receiver refused their request with a 4xx other than 429. */
    public long samplesRejected() {
        return samplesRejected.sum();
    }

    /** @return requests refused with a 4xx other than 429. */
    public long requestsRejected() {
        return requestsRejected.sum();
    }

    /** @return samples dropped unsent because the queue outgrew its age or size bound. */
    public long samplesDroppedQueueBound() {
        return samplesDroppedQueueBound.sum();
    }

    /** @return bytes in the queue not yet acknowledged by the receiver (updated every second). */
    public long queueBytes() {
        return queueBytes;
    }

    /**
     * @return newest sample timestamp queued minus newest sent, in milliseconds (Prometheus' definition of the
     *     remote-write lag; before the first acknowledgement, measured from the first sample queued); 0 when the
     *     queue is empty.
     */
    public long lagMillis() {
        final long queued = newestQueuedMillis.get();
        final long sent = newestSentMillis.get();
        if (queued == Long.MIN_VALUE || queueBytes == 0) {
            return 0;
        }
        return Math.max(0, queued - (sent == Long.MIN_VALUE ? firstQueuedMillis.get() : sent));
    }

    /** @return when the receiver last acknowledged a request, ms since the epoch; 0 when never. */
    public long lastSentAtMillis() {
        return lastSentAtMillis;
    }

    /** @return the last failure (HTTP status and body start, network error, drop), or null. */
    public String lastError() {
        return lastError;
    }

    /** @return when {@link #lastError()} happened, ms since the epoch; 0 when never. */
    public long lastErrorAtMillis() {
        return lastErrorAtMillis;
    }

    /**
     * @return why samples were last dropped by the queue bound (size or lag, segment, samples), or null when never;
     *     kept apart from {@link #lastError()}, which the retries of an outage overwrite.
     */
    public String lastDrop() {
        return lastDrop;
    }
}
