// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Settings of a {@link Tsdb}; fluent setters, defaults suit a server.
 */
public final class TsdbConfig {
    /** Default number of write shards: a power of two over the available processors. */
    public static final int SHARD_COUNT_DEFAULT = Integer.highestOneBit(
        Math.max(1, Runtime.getRuntime().availableProcessors()) * 4);

    /** Default samples after which a head chunk is sealed (Prometheus' 120). */
    public static final int CHUNK_MAX_SAMPLES_DEFAULT = 120;
    /** Default encoded bytes after which a head chunk is sealed. */
    public static final int CHUNK_MAX_BYTES_DEFAULT = 1024;
    /** Default time span after which a head chunk is sealed: two hours. */
    public static final long CHUNK_MAX_SPAN_MILLIS_DEFAULT = 2 * 60 * 60 * 1000L;

    private int shardCount = SHARD_COUNT_DEFAULT;
    private int chunkMaxSamples = CHUNK_MAX_SAMPLES_DEFAULT;
    private int chunkMaxBytes = CHUNK_MAX_BYTES_DEFAULT;
    private long chunkMaxSpanMillis = CHUNK_MAX_SPAN_MILLIS_DEFAULT;

    /** Creates a configuration with the defaults. */
    public TsdbConfig() {
    }

    /** {@return number of independent write shards (series are hashed to shards)} */
    public int shardCount() {
        return shardCount;
    }

    /**
     * Sets the number of write shards.
     *
     * @param shardCount number of write shards, a power of two.
     * @return this.
     */
    public TsdbConfig shardCount(final int shardCount) {
        if (shardCount <= 0 || Integer.bitCount(shardCount) != 1) {
            throw new IllegalArgumentException("shardCount must be a positive power of two: shardCount=" + shardCount);
        }
        this.shardCount = shardCount;
        return this;
    }

    /** {@return samples after which a head chunk is sealed} */
    public int chunkMaxSamples() {
        return chunkMaxSamples;
    }

    /**
     * Sets the sample count that seals a head chunk.
     *
     * @param chunkMaxSamples samples after which a head chunk is sealed, 1 to 65535.
     * @return this.
     */
    public TsdbConfig chunkMaxSamples(final int chunkMaxSamples) {
        if (chunkMaxSamples < 1 || chunkMaxSamples > 0xFFFF) {
            throw new IllegalArgumentException("chunkMaxSamples out of 1..65535: chunkMaxSamples=" + chunkMaxSamples);
        }
        this.chunkMaxSamples = chunkMaxSamples;
        return this;
    }

    /** {@return encoded bytes after which a head chunk is sealed} */
    public int chunkMaxBytes() {
        return chunkMaxBytes;
    }

    /**
     * Sets the encoded size that seals a head chunk.
     *
     * @param chunkMaxBytes encoded bytes after which a head chunk is sealed, 64 to 16 MiB.
     * @return this.
     */
    public TsdbConfig chunkMaxBytes(final int chunkMaxBytes) {
        if (chunkMaxBytes < 64 || chunkMaxBytes > (1 << 24)) {
            throw new IllegalArgumentException("chunkMaxBytes out of 64..16MiB: chunkMaxBytes=" + chunkMaxBytes);
        }
        this.chunkMaxBytes = chunkMaxBytes;
        return this;
    }

    /** {@return time span after which a head chunk is sealed} */
    public long chunkMaxSpanMillis() {
        return chunkMaxSpanMillis;
    }

    /**
     * Sets the time span that seals a head chunk.
     *
     * @param chunkMaxSpanMillis time span after which a head chunk is sealed, positive.
     * @return this.
     */
    public TsdbConfig chunkMaxSpanMillis(final long chunkMaxSpanMillis) {
        if (chunkMaxSpanMillis <= 0) {
            throw new IllegalArgumentException("chunkMaxSpanMillis must be positive: chunkMaxSpanMillis=" +
                chunkMaxSpanMillis);
        }
        this.chunkMaxSpanMillis = chunkMaxSpanMillis;
        return this;
    }

    // ---- Durability and persistence (WAL, blocks, retention, compaction) ----

    /** Default WAL durability policy: acknowledge after fdatasync, with group commit. */
    public static final WalSync WAL_SYNC_DEFAULT = WalSync.fsync();
    /** Default WAL segment length: 64 MiB. */
    public static final long WAL_SEGMENT_LENGTH_BYTES_DEFAULT = 64L * 1024 * 1024;
    /** Default block time partition: two hours. */
    public static final long BLOCK_PARTITION_MILLIS_DEFAULT = 2 * 60 * 60 * 1000L;
    /** Smallest WAL segment length: 4 KiB. */
    public static final long WAL_SEGMENT_LENGTH_BYTES_MIN = 4096;
    /** Default retention: 0, keep everything. */
    public static final long RETENTION_MILLIS_DEFAULT = 0;
    /** Default head memory limit: sealed chunks are persisted and freed when half of it is used. */
    public static final long HEAD_MEMORY_LIMIT_BYTES_DEFAULT = 256L * 1024 * 1024;
    /** Default longest time sealed chunks stay in the head before they are persisted: five minutes. */
    public static final long PERSIST_INTERVAL_MILLIS_DEFAULT = 5 * 60 * 1000L;
    /** Default WAL bytes appended since the last checkpoint that trigger a persist: 512 MiB. */
    public static final long WAL_CHECKPOINT_BYTES_DEFAULT = 512L * 1024 * 1024;

    /**
     * Default time without any write after which the head of an idle database is sealed, persisted and compacted:
     * two minutes.
     */
    public static final long IDLE_FLUSH_MILLIS_DEFAULT = 2 * 60 * 1000L;

    private WalSync walSync = WAL_SYNC_DEFAULT;
    private WalSyncListener walSyncListener = WalSyncListener.NONE;
    private long walSegmentLengthBytes = WAL_SEGMENT_LENGTH_BYTES_DEFAULT;
    private long blockPartitionMillis = BLOCK_PARTITION_MILLIS_DEFAULT;
    private long retentionMillis = RETENTION_MILLIS_DEFAULT;
    private long headMemoryLimitBytes = HEAD_MEMORY_LIMIT_BYTES_DEFAULT;
    private long persistIntervalMillis = PERSIST_INTERVAL_MILLIS_DEFAULT;
    private long walCheckpointBytes = WAL_CHECKPOINT_BYTES_DEFAULT;
    private long idleFlushMillis = IDLE_FLUSH_MILLIS_DEFAULT;
    private long maxSeries;

    /** {@return the WAL durability policy} */
    public WalSync walSync() {
        return walSync;
    }

    /**
     * Sets when a write is acknowledged and the WAL forced to disk.
     *
     * @param walSync {@link WalSync#fsync()} (acknowledge after fdatasync, the default), {@link
     *                WalSync#interval(long)} (acknowledge on write, force every interval) or {@link WalSync#none()};
     *                {@link WalSync#parse(String)} reads the text form.
     * @return this.
     */
    public TsdbConfig walSync(final WalSync walSync) {
        this.walSync = Objects.requireNonNull(walSync, "walSync");
        return this;
    }

    /** {@return told of every WAL fsync; {@link WalSyncListener#NONE} by default} */
    public WalSyncListener walSyncListener() {
        return walSyncListener;
    }

    /**
     * Sets the listener of WAL fsyncs.
     *
     * @param walSyncListener told of every WAL fsync (duration, bytes, records), e.g. for a latency histogram.
     * @return this.
     */
    public TsdbConfig walSyncListener(final WalSyncListener walSyncListener) {
        this.walSyncListener = Objects.requireNonNull(walSyncListener, "walSyncListener");
        return this;
    }

    /** {@return WAL segment length} */
    public long walSegmentLengthBytes() {
        return walSegmentLengthBytes;
    }

    /**
     * Sets the WAL segment length.
     *
     * @param walSegmentLengthBytes WAL segment length, at least 4 KiB.
     * @return this.
     */
    public TsdbConfig walSegmentLengthBytes(final long walSegmentLengthBytes) {
        if (walSegmentLengthBytes < WAL_SEGMENT_LENGTH_BYTES_MIN) {
            throw new IllegalArgumentException("segmentLengthBytes < 4096: segmentLengthBytes=" +
                walSegmentLengthBytes);
        }
        this.walSegmentLengthBytes = walSegmentLengthBytes;
        return this;
    }

    /** {@return time partition of blocks cut from the head} */
    public long blockPartitionMillis() {
        return blockPartitionMillis;
    }

    /**
     * Sets the time partition of blocks.
     *
     * @param blockPartitionMillis time partition of blocks, positive.
     * @return this.
     */
    public TsdbConfig blockPartitionMillis(final long blockPartitionMillis) {
        if (blockPartitionMillis <= 0) {
            throw new IllegalArgumentException("blockPartitionMillis must be positive: blockPartitionMillis=" +
                blockPartitionMillis);
        }
        this.blockPartitionMillis = blockPartitionMillis;
        return this;
    }

    /** {@return how long data is kept, measured back from the newest timestamp; 0 keeps everything} */
    public long retentionMillis() {
        return retentionMillis;
    }

    /**
     * Sets the retention in milliseconds.
     *
     * @param retentionMillis how long data is kept; 0 keeps everything.
     * @return this.
     */
    public TsdbConfig retentionMillis(final long retentionMillis) {
        if (retentionMillis < 0) {
            throw new IllegalArgumentException("retentionMillis must not be negative: retentionMillis=" +
                retentionMillis);
        }
        this.retentionMillis = retentionMillis;
        return this;
    }

    /**
     * Sets the retention from its text form.
     *
     * @param retention a duration such as {@code 15d}, {@code 12h}, {@code 30m}; {@code 0} keeps everything.
     * @return this.
     * @throws IllegalArgumentException when malformed.
     */
    public TsdbConfig retention(final String retention) {
        return retentionMillis(retention.trim().equals("0") ? 0 : parseDurationMillis(retention));
    }

    /**
     * Parses a duration like {@code 15d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 500ms}, {@code 2w} or
     * {@code 1y} (365 days).
     */
    private static long parseDurationMillis(final String text) {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        final String[] units = {"ms", "s", "m", "h", "d", "w", "y"};
        final long[] factors = {1, 1000, 60_000, 3_600_000, 86_400_000, 7 * 86_400_000L, 365 * 86_400_000L};
        for (int i = 0; i < units.length; i++) {
            if (value.endsWith(units[i]) && !(units[i].equals("s") && value.endsWith("ms"))) {
                try {
                    final long amount = Long.parseLong(value.substring(0, value.length() - units[i].length()));
                    if (amount < 0) {
                        break;
                    }
                    return Math.multiplyExact(amount, factors[i]);
                } catch (final NumberFormatException | ArithmeticException ex) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("bad duration, expected e.g. 15d, 12h, 30m, 45s, 500ms: " + text);
    }

    /** {@return head memory limit; sealed chunks are persisted and freed from half of it} */
    public long headMemoryLimitBytes() {
        return headMemoryLimitBytes;
    }

    /**
     * Sets the head memory limit.
     *
     * @param headMemoryLimitBytes head memory limit, at least 1 MiB.
     * @return this.
     */
    public TsdbConfig headMemoryLimitBytes(final long headMemoryLimitBytes) {
        if (headMemoryLimitBytes < 1024 * 1024) {
            throw new IllegalArgumentException("headMemoryLimitBytes < 1 MiB: headMemoryLimitBytes=" +
                headMemoryLimitBytes);
        }
        this.headMemoryLimitBytes = headMemoryLimitBytes;
        return this;
    }

    /** {@return most series the head holds; a batch that would add more is refused; 0 = no limit} */
    public long maxSeries() {
        return maxSeries;
    }

    /**
     * Sets the cardinality limit.
     *
     * @param maxSeries most series the head holds (the cardinality limit): a write that would add series beyond it is
     *                  refused whole with {@link SeriesLimitException}; 0 for no limit.
     * @return this.
     */
    public TsdbConfig maxSeries(final long maxSeries) {
        if (maxSeries < 0) {
            throw new IllegalArgumentException("maxSeries < 0: maxSeries=" + maxSeries);
        }
        this.maxSeries = maxSeries;
        return this;
    }

    /** {@return longest time sealed chunks wait in the head before they are persisted} */
    public long persistIntervalMillis() {
        return persistIntervalMillis;
    }

    /**
     * Sets the longest wait before sealed chunks are persisted.
     *
     * @param persistIntervalMillis longest wait before sealed chunks are persisted, positive.
     * @return this.
     */
    public TsdbConfig persistIntervalMillis(final long persistIntervalMillis) {
        if (persistIntervalMillis <= 0) {
            throw new IllegalArgumentException("persistIntervalMillis must be positive: persistIntervalMillis=" +
                persistIntervalMillis);
        }
        this.persistIntervalMillis = persistIntervalMillis;
        return this;
    }

    /** {@return WAL bytes appended since the last checkpoint that trigger a persist and checkpoint} */
    public long walCheckpointBytes() {
        return walCheckpointBytes;
    }

    /**
     * Sets the WAL growth that triggers a persist and checkpoint.
     *
     * @param walCheckpointBytes WAL bytes that trigger a persist and checkpoint, positive.
     * @return this.
     */
    public TsdbConfig walCheckpointBytes(final long walCheckpointBytes) {
        if (walCheckpointBytes <= 0) {
            throw new IllegalArgumentException("walCheckpointBytes must be positive: walCheckpointBytes=" +
                walCheckpointBytes);
        }
        this.walCheckpointBytes = walCheckpointBytes;
        return this;
    }

    /** {@return time without any write after which the head is flushed to blocks whole; 0 never} */
    public long idleFlushMillis() {
        return idleFlushMillis;
    }

    /**
     * After {@code idleFlushMillis} without a single write, the maintenance thread seals every open head chunk,
     * persists the head, folds the WAL away and compacts the open time windows as well as the closed ones: an idle
     * database keeps its data in a few compacted blocks, not in the WAL and the head. A write at the newest
     * timestamp of a series after such a flush is rejected rather than replacing the value.
     *
     * @param idleFlushMillis the idle time, 0 to never flush on idleness, else at least 1 s.
     * @return this.
     */
    public TsdbConfig idleFlushMillis(final long idleFlushMillis) {
        if (idleFlushMillis < 0 || idleFlushMillis > 0 && idleFlushMillis < 1000) {
            throw new IllegalArgumentException("idleFlushMillis must be 0 or at least 1000: idleFlushMillis=" +
                idleFlushMillis);
        }
        this.idleFlushMillis = idleFlushMillis;
        return this;
    }
}
