// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

/**
 * A sealed, immutable chunk owned by the head: encoded bytes in native memory plus the summary the query path
 * uses for time pushdown. Freed only by the head (drop after persistence, or close), under the shard lock.
 */
final class HeadChunk {
    /** {@link io.ztsdb.core.memory.NativeMemory} handle of the encoded bytes. */
    final long handle;
    final int lengthBytes;
    final long minTimeMillis;
    final long maxTimeMillis;
    final int sampleCount;

    HeadChunk(final long handle, final int lengthBytes, final long minTimeMillis, final long maxTimeMillis,
        final int sampleCount) {
        this.handle = handle;
        this.lengthBytes = lengthBytes;
        this.minTimeMillis = minTimeMillis;
        this.maxTimeMillis = maxTimeMillis;
        this.sampleCount = sampleCount;
    }

    boolean overlaps(final long startMillis, final long endMillis) {
        return maxTimeMillis >= startMillis && minTimeMillis <= endMillis;
    }
}
