// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.memory.NativeMemory;

import java.lang.foreign.MemorySegment;

/**
 * The sealed chunks of one series within a time window, oldest first, as {@link
 * Head#forEachSeriesSealedChunks(long, long, java.util.function.Consumer)} hands them out: a reusable view, valid
 * during the call only (the persister that reads it is also the only one that frees sealed chunks).
 */
public final class SealedChunkList {
    private long seriesId;
    private HeadChunk[] chunks;
    private int from;
    private int size;

    SealedChunkList() {
    }

    SealedChunkList wrap(final long seriesId, final HeadChunk[] chunks, final int from, final int size) {
        this.seriesId = seriesId;
        this.chunks = chunks;
        this.from = from;
        this.size = size;
        return this;
    }

    /** @return the series. */
    public long seriesId() {
        return seriesId;
    }

    /** @return chunks in the list. */
    public int size() {
        return size;
    }

    /** @return samples of all the chunks. */
    public long totalSamples() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += chunks[from + i].sampleCount;
        }
        return total;
    }

    /** @return timestamp of the first sample of chunk {@code i}. */
    public long minTimeMillis(final int i) {
        return chunk(i).minTimeMillis;
    }

    /** @return timestamp of the last sample of chunk {@code i}. */
    public long maxTimeMillis(final int i) {
        return chunk(i).maxTimeMillis;
    }

    /** @return samples of chunk {@code i}. */
    public int sampleCount(final int i) {
        return chunk(i).sampleCount;
    }

    /** @return memory holding chunk {@code i}, at {@link #offset(int)}. */
    public MemorySegment segment(final int i) {
        return NativeMemory.segment(chunk(i).handle);
    }

    /** @return where chunk {@code i} starts in {@link #segment(int)}. */
    public long offset(final int i) {
        return NativeMemory.offset(chunk(i).handle);
    }

    /** @return encoded length of chunk {@code i}. */
    public int lengthBytes(final int i) {
        return chunk(i).lengthBytes;
    }

    private HeadChunk chunk(final int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("chunk " + i + " of " + size);
        }
        return chunks[from + i];
    }
}
