// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

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

    /** @return number of independent write shards (series are hashed to shards). */
    public int shardCount() {
        return shardCount;
    }

    /**
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

    /** @return samples after which a head chunk is sealed. */
    public int chunkMaxSamples() {
        return chunkMaxSamples;
    }

    /**
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

    /** @return encoded bytes after which a head chunk is sealed. */
    public int chunkMaxBytes() {
        return chunkMaxBytes;
    }

    /**
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

    /** @return time span after which a head chunk is sealed. */
    public long chunkMaxSpanMillis() {
        return chunkMaxSpanMillis;
    }

    /**
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
}
