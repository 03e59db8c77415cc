// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import java.lang.foreign.MemorySegment;

/**
 * Receives the sealed chunks of the head, e.g. to persist them into a block.
 * See {@link Head#forEachSealedChunk(SealedChunkConsumer)}.
 */
@FunctionalInterface
public interface SealedChunkConsumer {
    /**
     * One sealed chunk. The memory is valid only during the call: copy what you keep.
     *
     * @param seriesId      the series.
     * @param minTimeMillis timestamp of the first sample.
     * @param maxTimeMillis timestamp of the last sample.
     * @param sampleCount   samples in the chunk.
     * @param chunk         memory holding the encoded chunk (header included), among other data.
     * @param offset        where the chunk starts in {@code chunk}.
     * @param lengthBytes   encoded length.
     */
    void accept(long seriesId, long minTimeMillis, long maxTimeMillis, int sampleCount, MemorySegment chunk,
        long offset, int lengthBytes);
}
