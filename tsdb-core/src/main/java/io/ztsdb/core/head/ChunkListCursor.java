// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.head;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.chunks.AnyChunkDecoder;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A {@link SampleCursor} over a list of encoded chunks of one series (any encoding), each copied into the cursor's
 * own heap buffer when added, decoded lazily, and filtered to {@code [startMillis, endMillis]} (both inclusive).
 * <p>
 * Chunks must be added oldest first and must not overlap in time; the cursor stops at the first sample after
 * {@code endMillis}. Copying makes the cursor independent of the chunks' owners: the head may seal, drop or free
 * them, and a block file may be unmapped, while the cursor is read. Reuse with {@link #reset(long, long)}; the
 * buffers are kept, so steady-state queries allocate nothing.
 */
public final class ChunkListCursor implements SampleCursor {
    private static final int INITIAL_CAPACITY = 1024;

    private final AnyChunkDecoder decoder = new AnyChunkDecoder();
    private long[] timestamps = new long[128];
    private double[] values = new double[128];
    private int sampleIndex;
    private int sampleCount;
    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private MemorySegment buffer = MemorySegment.ofArray(bytes);
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int chunkCount;
    private int bytesUsed;
    private int nextChunk;
    private boolean done;
    private long startMillis;
    private long endMillis;

    /** Creates an empty cursor over {@code [Long.MIN_VALUE, Long.MAX_VALUE]}. */
    public ChunkListCursor() {
        reset(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Empties the cursor and sets the time range.
     *
     * @param startMillis first timestamp wanted, inclusive.
     * @param endMillis   last timestamp wanted, inclusive.
     * @return this.
     */
    public ChunkListCursor reset(final long startMillis, final long endMillis) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        chunkCount = 0;
        bytesUsed = 0;
        nextChunk = 0;
        sampleIndex = 0;
        sampleCount = 0;
        done = false;
        return this;
    }

    /**
     * Adds a copy of an encoded chunk (from a block file or the head).
     *
     * @param chunk       memory holding the chunk.
     * @param offset      where it starts.
     * @param lengthBytes its encoded length.
     */
    public void addChunk(final MemorySegment chunk, final long offset, final int lengthBytes) {
        final int at = reserve(lengthBytes);
        MemorySegment.copy(chunk, offset, buffer, at, lengthBytes);
    }

    private int reserve(final int lengthBytes) {
        if (chunkCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, chunkCount * 2);
            lengths = Arrays.copyOf(lengths, chunkCount * 2);
        }
        final long needed = (long)bytesUsed + lengthBytes;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("query result too large: bytes=" + needed);
            }
            bytes = Arrays.copyOf(bytes, (int)Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * bytes.length)));
            buffer = MemorySegment.ofArray(bytes);
        }
        final int at = bytesUsed;
        offsets[chunkCount] = at;
        lengths[chunkCount] = lengthBytes;
        chunkCount++;
        bytesUsed += lengthBytes;
        return at;
    }

    /** @return chunks added since the last reset. */
    public int chunkCount() {
        return chunkCount;
    }

    @Override
    public boolean next() {
        while (!done) {
            if (++sampleIndex < sampleCount) {
                final long timestamp = timestamps[sampleIndex];
                if (timestamp > endMillis) {
                    done = true;
                    return false;
                }
                if (timestamp >= startMillis) {
                    return true;
                }
            } else if (nextChunk < chunkCount) {
                decodeChunk(nextChunk++);
            } else {
                done = true;
            }
        }
        return false;
    }

    /**
     * Copies runs of decoded samples at once (the range filter applied per run); a whole chunk that fits into
     * {@code length} is decoded straight into the caller's arrays.
     */
    @Override
    public int read(final long[] timestampsMillis, final double[] out, final int offset, final int length) {
        int n = 0;
        while (n < length && !done) {
            int first = sampleIndex + 1;
            if (first >= sampleCount) {
                if (nextChunk >= chunkCount) {
                    done = true;
                } else if (chunkSampleCount(nextChunk) <= length - n) {
                    n += decodeInto(nextChunk++, timestampsMillis, out, offset + n);
                } else {
                    decodeChunk(nextChunk++);
                }
                continue;
            }
            while (first < sampleCount && timestamps[first] < startMillis) {
                first++;
            }
            final int limit = Math.min(sampleCount, first + length - n);
            int last = first;
            while (last < limit && timestamps[last] <= endMillis) {
                last++;
            }
            System.arraycopy(timestamps, first, timestampsMillis, offset + n, last - first);
            System.arraycopy(values, first, out, offset + n, last - first);
            n += last - first;
            sampleIndex = last - 1;
            if (last < limit) {
                done = true;
            }
        }
        return n;
    }

    @Override
    public int preferredReadLength() {
        if (sampleIndex + 1 < sampleCount) {
            return sampleCount - sampleIndex - 1;
        }
        return nextChunk < chunkCount ? chunkSampleCount(nextChunk) : 0;
    }

    private int chunkSampleCount(final int chunk) {
        return AnyChunkDecoder.sampleCount(bytes, offsets[chunk], lengths[chunk]);
    }

    /**
     * Decodes a chunk into {@code [at, at + count)} of the caller's arrays and keeps its samples inside the range.
     *
     * @return the samples kept.
     */
    private int decodeInto(final int chunk, final long[] t, final double[] v, final int at) {
        final int count = decoder.decode(bytes, buffer, offsets[chunk], lengths[chunk], t, v, at);
        final int end = at + count;
        int first = at;
        while (first < end && t[first] < startMillis) {
            first++;
        }
        int last = end;
        while (last > first && t[last - 1] > endMillis) {
            last--;
            done = true;
        }
        if (first > at) {
            System.arraycopy(t, first, t, at, last - first);
            System.arraycopy(v, first, v, at, last - first);
        }
        return last - first;
    }

    private void decodeChunk(final int chunk) {
        final int count = AnyChunkDecoder.sampleCount(bytes, offsets[chunk], lengths[chunk]);
        if (count > timestamps.length) {
            timestamps = new long[count];
            values = new double[count];
        }
        sampleCount = decoder.decode(bytes, buffer, offsets[chunk], lengths[chunk], timestamps, values, 0);
        sampleIndex = -1;
    }

    @Override
    public long timestampMillis() {
        return timestamps[sampleIndex];
    }

    @Override
    public double value() {
        return values[sampleIndex];
    }

    @Override
    public void close() {
        done = true;
    }
}
