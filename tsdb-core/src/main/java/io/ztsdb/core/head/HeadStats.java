// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

/**
 * A snapshot of the head's counters.
 *
 * @param seriesCount     series in the head.
 * @param pointCount      samples stored (replacements by last-write-wins are not counted twice).
 * @param compressedBytes encoded bytes of sealed and open chunks.
 * @param rejectedPoints  samples rejected by the out-of-order rule since the head was created.
 * @param memoryBytes     native memory held: sealed chunks plus open chunks' capacity.
 * @param sealedChunks    sealed chunks held.
 * @param openChunks      non-empty open chunks.
 */
public record HeadStats(long seriesCount, long pointCount, long compressedBytes, long rejectedPoints,
    long memoryBytes, long sealedChunks, long openChunks) {
}
