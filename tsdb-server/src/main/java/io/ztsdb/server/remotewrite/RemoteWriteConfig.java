// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.WalSync;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the remote-write sender; fluent setters, checked where they are set.
 */
public final class RemoteWriteConfig {
    /** Oldest queued data kept while the receiver is unreachable: 1 h. */
    public static final long MAX_LAG_MILLIS_DEFAULT = 3_600_000;
    /** Largest queue on disk: 8 GiB. */
    public static final long MAX_QUEUE_BYTES_DEFAULT = 8L << 30;
    /** Samples per request (vmagent's block size). */
    public static final int MAX_SAMPLES_PER_REQUEST_DEFAULT = 10_000;
    /** Longest wait for a request to fill: 1 s. */
    public static final long BATCH_DEADLINE_MILLIS_DEFAULT = 1000;
    /** Parallel requests, each for its own share of the series. */
    public static final int SHARDS_DEFAULT = 4;
    /** First retry delay, doubled after each failure (Prometheus' min_backoff). */
    public static final long MIN_BACKOFF_MILLIS_DEFAULT = 30;
    /** Longest retry delay without Retry-After (Prometheus' max_backoff). */
    public static final long MAX_BACKOFF_MILLIS_DEFAULT = 5000;
    /** Longest Retry-After honoured. */
    public static final long MAX_RETRY_AFTER_MILLIS = 300_000;
    /** Queue segment length: small enough that the bounds drop little at a time. */
    public static final long SEGMENT_LENGTH_BYTES_DEFAULT = 8L << 20;

    private URI url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Path queueDirectory;
    private WalSync queueSync = WalSync.fsync();
    private long maxLagMillis = MAX_LAG_MILLIS_DEFAULT;
    private long maxQueueBytes = MAX_QUEUE_BYTES_DEFAULT;
    private int maxSamplesPerRequest = MAX_SAMPLES_PER_REQUEST_DEFAULT;
    private long batchDeadlineMillis = BATCH_DEADLINE_MILLIS_DEFAULT;
    private int shards = SHARDS_DEFAULT;
    private long minBackoffMillis = MIN_BACKOFF_MILLIS_DEFAULT;
    private long maxBackoffMillis = MAX_BACKOFF_MILLIS_DEFAULT;
    private long segmentLengthBytes = SEGMENT_LENGTH_BYTES_DEFAULT;

    /** @return the receiver's URL. */
    public URI url() {
        return url;
    }

    /**
     * @param url an http or https URL.
     * @return this.
     */
    public RemoteWriteConfig url(final URI url) {
        final String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("remote-write URL must be http://host[:port]/path or https://...: "
                + url);
        }
        this.url = url;
        return this;
    }

    /** @return extra request headers, in the order given. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @param name  header name.
     * @param value header value.
     * @return this.
     */
    public RemoteWriteConfig header(final String name, final String value) {
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** @return the queue's directory. */
    public Path queueDirectory() {
        return queueDirectory;
    }

    /** @param queueDirectory the queue's directory, created if missing. @return this. */
    public RemoteWriteConfig queueDirectory(final Path queueDirectory) {
        this.queueDirectory = queueDirectory;
        return this;
    }

    /** @return when an append to the queue is durable: the engine's WAL policy. */
    public WalSync queueSync() {
        return queueSync;
    }

    /** @param queueSync the engine's WAL policy. @return this. */
    public RemoteWriteConfig queueSync(final WalSync queueSync) {
        this.queueSync = Objects.requireNonNull(queueSync, "queueSync");
        return this;
    }

    /** @return how old queued data may grow before it is dropped. */
    public long maxLagMillis() {
        return maxLagMillis;
    }

    /** @param maxLagMillis positive. @return this. */
    public RemoteWriteConfig maxLagMillis(final long maxLagMillis) {
        this.maxLagMillis = positive("maxLagMillis", maxLagMillis);
        return this;
    }

    /** @return largest queue on disk before the oldest data is dropped. */
    public long maxQueueBytes() {
        return maxQueueBytes;
    }

    /** @param maxQueueBytes positive. @return this. */
    public RemoteWriteConfig maxQueueBytes(final long maxQueueBytes) {
        this.maxQueueBytes = positive("maxQueueBytes", maxQueueBytes);
        return this;
    }

    /** @return samples per request at most. */
    public int maxSamplesPerRequest() {
        return maxSamplesPerRequest;
    }

    /** @param maxSamplesPerRequest positive. @return this. */
    public RemoteWriteConfig maxSamplesPerRequest(final int maxSamplesPerRequest) {
        this.maxSamplesPerRequest = (int) positive("maxSamplesPerRequest", maxSamplesPerRequest);
        return this;
    }

    /** @return longest wait for a request to fill before a smaller one is sent. */
    public long batchDeadlineMillis() {
        return batchDeadlineMillis;
    }

    /** @param batchDeadlineMillis positive. @return this. */
    public RemoteWriteConfig batchDeadlineMillis(final long batchDeadlineMillis) {
        this.batchDeadlineMillis = positive("batchDeadlineMillis", batchDeadlineMillis);
        return this;
    }

    /** @return parallel requests. */
    public int shards() {
        return shards;
    }

    /** @param shards 1 to 64. @return this. */
    public RemoteWriteConfig shards(final int shards) {
        if (shards < 1 || shards > 64) {
            throw new IllegalArgumentException("shards must be 1..64: shards=" + shards);
        }
        this.shards = shards;
        return this;
    }

    /** @return first retry delay. */
    public long minBackoffMillis() {
        return minBackoffMillis;
    }

    /** @return longest retry delay without Retry-After. */
    public long maxBackoffMillis() {
        return maxBackoffMillis;
    }

    /**
     * @param minMillis first retry delay, positive.
     * @param maxMillis longest, at least {@code minMillis}.
     * @return this.
     */
    public RemoteWriteConfig backoffMillis(final long minMillis, final long maxMillis) {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("backoff must be 0 < min <= max: min=" + minMillis + " max="
                + maxMillis);
        }
        this.minBackoffMillis = minMillis;
        this.maxBackoffMillis = maxMillis;
        return this;
    }

    /** @return length after which the queue starts a new segment. */
    public long segmentLengthBytes() {
        return segmentLengthBytes;
    }

    /** @param segmentLengthBytes at least 4096. @return this. */
    public RemoteWriteConfig segmentLengthBytes(final long segmentLengthBytes) {
        if (segmentLengthBytes < 4096) {
            throw new IllegalArgumentException("segmentLengthBytes < 4096: segmentLengthBytes=" + segmentLengthBytes);
        }
        this.segmentLengthBytes = segmentLengthBytes;
        return this;
    }

    private static long positive(final String name, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + name + "=" + value);
        }
        return value;
    }
}
