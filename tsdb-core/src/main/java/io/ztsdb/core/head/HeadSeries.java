// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;

import java.lang.foreign.MemorySegment;

import java.util.Arrays;

/**
 * The head state of one series: the open chunk being appended to (native memory, grown by doubling) and the
 * list of sealed chunks, oldest first. Every method runs under the lock of the owning {@link HeadShard}, and
 * counts what it allocates and frees in the shard's {@link ShardCounters}, which the caller passes.
 * <p>
 * Out-of-order rule: a sample older than the newest one, or at or before the persisted floor, is rejected; a
 * sample at the newest timestamp replaces the newest value (last write wins) by truncating the open chunk's last
 * sample and re-appending. Chunks are sealed lazily, when a strictly newer sample arrives, so the newest sample is
 * always in the open chunk and last-write-wins never has to touch an immutable chunk.
 */
final class HeadSeries {
    static final int APPENDED = 0;
    static final int REPLACED = 1;
    static final int REJECTED = 2;

    private static final HeadChunk[] NO_CHUNKS = new HeadChunk[0];
    private static final int INITIAL_OPEN_CAPACITY = 128;

    final long seriesId;
    private final GorillaEncoder encoder = new GorillaEncoder();
    /** {@link NativeMemory} handle of the open chunk, 0 before the first sample. */
    private long openHandle;
    private int openCapacity;
    private HeadChunk[] sealed = NO_CHUNKS;
    private int sealedCount;
    private long pointCount;
    private long minTimeMillis = Long.MAX_VALUE;
    private long maxTimeMillis = Long.MIN_VALUE;
    /** Samples at or before this are persisted (in blocks): later ones at or before it are rejected. */
    private long floorMillis = Long.MIN_VALUE;

    HeadSeries(final long seriesId) {
        this.seriesId = seriesId;
    }

    /**
     * Applies the out-of-order rule and appends.
     *
     * @return {@link #APPENDED}, {@link #REPLACED} or {@link #REJECTED}.
     */
    int append(final long timestampMillis, final double value, final ChunkLimits limits,
        final ShardCounters counters, final GorillaDecoder scratch) {
        if (timestampMillis <= floorMillis) {
            return REJECTED;
        }
        if (pointCount > 0 && timestampMillis <= maxTimeMillis) {
            if (timestampMillis < maxTimeMillis || encoder.count() == 0 ||
                encoder.lastTimestampMillis() != timestampMillis) {
                return REJECTED;
            }
            return replaceNewest(timestampMillis, value, counters, scratch);
        }
        if (encoder.count() > 0 && shouldSeal(timestampMillis, limits)) {
            seal(counters);
        }
        appendToOpenChunk(timestampMillis, value, counters);
        pointCount++;
        if (timestampMillis < minTimeMillis) {
            minTimeMillis = timestampMillis;
        }
        maxTimeMillis = timestampMillis;
        return APPENDED;
    }

    private int replaceNewest(final long timestampMillis, final double value, final ShardCounters counters,
        final GorillaDecoder scratch) {
        if (encoder.lastValueBits() != Double.doubleToRawLongBits(value)) {
            encoder.truncate(encoder.count() - 1, scratch);
            appendToOpenChunk(timestampMillis, value, counters);
        }
        return REPLACED;
    }

    private boolean shouldSeal(final long timestampMillis, final ChunkLimits limits) {
        final long span = timestampMillis - encoder.firstTimestampMillis();
        return encoder.count() >= limits.maxSamples() || encoder.lengthBytes() >= limits.maxBytes() ||
            span >= limits.maxSpanMillis() || span < 0;
    }

    private void appendToOpenChunk(final long timestampMillis, final double value, final ShardCounters counters) {
        if (openHandle == 0) {
            openCapacity = INITIAL_OPEN_CAPACITY;
            openHandle = NativeMemory.allocate(openCapacity, MemoryTag.HEAD_OPEN_CHUNK);
            counters.memoryBytes += openCapacity;
            encoder.wrap(NativeMemory.segment(openHandle), NativeMemory.offset(openHandle), openCapacity);
        }
        while (!encoder.append(timestampMillis, value)) {
            final int grown = openCapacity * 2;
            openHandle = NativeMemory.reallocate(openHandle, openCapacity, grown, MemoryTag.HEAD_OPEN_CHUNK);
            counters.memoryBytes += grown - openCapacity;
            openCapacity = grown;
            encoder.relocate(NativeMemory.segment(openHandle), NativeMemory.offset(openHandle), openCapacity);
        }
    }

    private void seal(final ShardCounters counters) {
        encoder.writeCount();
        final int length = encoder.lengthBytes();
        final long handle = NativeMemory.allocate(length, MemoryTag.HEAD_SEALED_CHUNK);
        final MemorySegment open = NativeMemory.segment(openHandle);
        final long openOffset = NativeMemory.offset(openHandle);
        MemorySegment.copy(open, openOffset, NativeMemory.segment(handle), NativeMemory.offset(handle), length);
        if (sealedCount == sealed.length) {
            sealed = Arrays.copyOf(sealed, Math.max(4, sealedCount * 2));
        }
        sealed[sealedCount++] = new HeadChunk(handle, length, encoder.firstTimestampMillis(),
            encoder.lastTimestampMillis(), encoder.count());
        counters.addSealed(length);
        encoder.wrap(open, openOffset, openCapacity);
    }

    /** Frees the sealed chunks whose newest sample is at or before {@code maxTimeMillis}. */
    int dropSealedThrough(final long maxTimeMillis, final ShardCounters counters) {
        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < sealedCount; i++) {
            final HeadChunk chunk = sealed[i];
            if (chunk.maxTimeMillis <= maxTimeMillis) {
                // Persisted: the points now count in the block, and nothing at or before them may come back.
                pointCount -= chunk.sampleCount;
                counters.pointCount -= chunk.sampleCount;
                floorMillis = Math.max(floorMillis, chunk.maxTimeMillis);
                NativeMemory.free(chunk.handle, chunk.lengthBytes, MemoryTag.HEAD_SEALED_CHUNK);
                counters.removeSealed(chunk.lengthBytes);
                dropped++;
            } else {
                sealed[kept++] = chunk;
            }
        }
        Arrays.fill(sealed, kept, sealedCount, null);
        sealedCount = kept;
        return dropped;
    }

    /** Copies the chunks overlapping {@code [start, end]} into the cursor, oldest first. */
    void collect(final long startMillis, final long endMillis, final ChunkListCursor cursor) {
        for (int i = 0; i < sealedCount; i++) {
            final HeadChunk chunk = sealed[i];
            if (chunk.overlaps(startMillis, endMillis)) {
                cursor.addChunk(NativeMemory.segment(chunk.handle), NativeMemory.offset(chunk.handle),
                    chunk.lengthBytes);
            }
        }
        if (encoder.count() > 0 && encoder.lastTimestampMillis() >= startMillis &&
            encoder.firstTimestampMillis() <= endMillis) {
            encoder.writeCount();
            cursor.addChunk(NativeMemory.segment(openHandle), NativeMemory.offset(openHandle),
                encoder.lengthBytes());
        }
    }

    /** Raises the persisted floor: samples at or before {@code floorMillis} are rejected from now on. */
    void raiseFloor(final long floorMillis) {
        this.floorMillis = Math.max(this.floorMillis, floorMillis);
    }

    int sealedCount() {
        return sealedCount;
    }

    HeadChunk sealedAt(final int index) {
        return sealed[index];
    }

    long openLengthBytes() {
        return encoder.count() == 0 ? 0 : encoder.lengthBytes();
    }

    int openSampleCount() {
        return encoder.count();
    }

    long pointCount() {
        return pointCount;
    }

    long minTimeMillis() {
        return minTimeMillis;
    }

    long maxTimeMillis() {
        return maxTimeMillis;
    }

    /** Frees all native memory of the series. */
    void free(final ShardCounters counters) {
        for (int i = 0; i < sealedCount; i++) {
            final HeadChunk chunk = sealed[i];
            NativeMemory.free(chunk.handle, chunk.lengthBytes, MemoryTag.HEAD_SEALED_CHUNK);
            counters.removeSealed(chunk.lengthBytes);
            sealed[i] = null;
        }
        sealedCount = 0;
        if (openHandle != 0) {
            NativeMemory.free(openHandle, openCapacity, MemoryTag.HEAD_OPEN_CHUNK);
            counters.memoryBytes -= openCapacity;
            openHandle = 0;
            openCapacity = 0;
        }
    }
}
