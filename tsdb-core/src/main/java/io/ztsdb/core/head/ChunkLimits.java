// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

/**
 * When an open head chunk is sealed: at {@code maxSamples} samples, at {@code maxBytes} encoded bytes, or once it
 * spans {@code maxSpanMillis}, whichever comes first.
 *
 * @param maxSamples    samples after which a chunk is sealed, 1 to 65535.
 * @param maxBytes      encoded bytes after which a chunk is sealed, 64 to 16 MiB.
 * @param maxSpanMillis time span after which a chunk is sealed, positive.
 */
public record ChunkLimits(int maxSamples, int maxBytes, long maxSpanMillis) {
    /** @throws IllegalArgumentException when a limit is out of its range. */
    public ChunkLimits {
        if (maxSamples < 1 || maxSamples > 0xFFFF) {
            throw new IllegalArgumentException("chunkMaxSamples out of 1..65535: chunkMaxSamples=" + maxSamples);
        }
        if (maxBytes < 64 || maxBytes > (1 << 24)) {
            throw new IllegalArgumentException("chunkMaxBytes out of 64..16MiB: chunkMaxBytes=" + maxBytes);
        }
        if (maxSpanMillis <= 0) {
            throw new IllegalArgumentException("chunkMaxSpanMillis must be positive: " + maxSpanMillis);
        }
    }
}
