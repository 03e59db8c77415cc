// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Settings of a {@link Tsdb}; fluent setters, defaults suit a server.
 */
public final class TsdbConfig {
    /** Default number of write shards: a power of two over the available processors. */
    public static final int SHARD_COUNT_DEFAULT = Integer.highestOneBit(
        Math.max(1, Runtime.getRuntime().availableProcessors()) * 4);

    private int shardCount = SHARD_COUNT_DEFAULT;

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
}
