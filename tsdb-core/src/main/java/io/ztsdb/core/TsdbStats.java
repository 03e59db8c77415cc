// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * A point-in-time snapshot of engine counters.
 *
 * @param seriesCount     series known.
 * @param pointCount      points stored.
 * @param compressedBytes bytes used by compressed sample data.
 * @param rejectedPoints  points rejected since open (out-of-order rule).
 * @param headMemoryBytes native memory held by the head (sealed chunks plus open chunks' capacity).
 * @param headChunks      chunks in the head, sealed and open.
 */
public record TsdbStats(long seriesCount, long pointCount, long compressedBytes, long rejectedPoints,
    long headMemoryBytes, long headChunks) {
    /** {@return compressed bytes per stored point, 0 when empty} */
    public double bytesPerPoint() {
        return pointCount == 0 ? 0.0 : (double) compressedBytes / pointCount;
    }
}
