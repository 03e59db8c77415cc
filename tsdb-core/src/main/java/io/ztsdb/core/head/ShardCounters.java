// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

/**
 * The counters of one head shard, kept by the shard's series as they append, seal and free chunks; guarded by the
 * shard's monitor like everything else in the shard.
 */
final class ShardCounters {
    /** Samples stored (replacements by last-write-wins are not counted twice). */
    long pointCount;
    /** Samples rejected by the out-of-order rule. */
    long rejectedPoints;
    /** Native memory held: sealed chunks plus open chunks' capacity. */
    long memoryBytes;
    /** Encoded bytes of the sealed chunks. */
    long sealedBytes;
    /** Sealed chunks held. */
    long sealedChunks;

    /** Counts a sealed chunk added. */
    void addSealed(final int lengthBytes) {
        memoryBytes += lengthBytes;
        sealedBytes += lengthBytes;
        sealedChunks++;
    }

    /** Counts a sealed chunk freed. */
    void removeSealed(final int lengthBytes) {
        memoryBytes -= lengthBytes;
        sealedBytes -= lengthBytes;
        sealedChunks--;
    }
}
