// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.chunks;

import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;
import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;

import java.lang.foreign.MemorySegment;

/**
 * Encodes a run of samples as one chunk in whichever encoding is shorter: columnar ({@code 0x02}) or Gorilla
 * ({@code 0x01}); columnar on a tie. Columnar wins on nearly every real series (its decimal mantissas and packed
 * integer columns take a third of Gorilla's bytes); Gorilla only on a chunk of a sample or two and on some
 * noise-like values, where its cost per sample is lower.
 * <p>
 * Holds a native buffer for the Gorilla candidate sized for {@code maxSamples} worst-case samples ({@link #close()}
 * frees it). Not thread-safe.
 */
public final class SmallestChunkEncoder implements AutoCloseable {
    private final ColumnarChunkEncoder columnar = new ColumnarChunkEncoder();
    private final GorillaEncoder gorilla = new GorillaEncoder();
    private final int maxSamples;
    private final int gorillaCapacity;
    private final long gorillaHandle;
    private final MemorySegment gorillaMemory;
    private boolean closed;
    private byte encoding;
    private int length;
    private long gorillaAttempts;
    private long gorillaWins;

    /**
     * @param maxSamples most samples of one chunk, 1 to {@link ChunkDescriptor#MAX_SAMPLE_COUNT}.
     */
    public SmallestChunkEncoder(final int maxSamples) {
        if (maxSamples <= 0 || maxSamples > ChunkDescriptor.MAX_SAMPLE_COUNT) {
            throw new IllegalArgumentException("bad maxSamples: " + maxSamples);
        }
        this.maxSamples = maxSamples;
        this.gorillaCapacity = ChunkDescriptor.HEADER_LENGTH + GorillaEncoder.SLACK_BYTES + 16 +
            maxSamples * ((GorillaEncoder.MAX_SAMPLE_BITS + 7) / 8);
        this.gorillaHandle = NativeMemory.allocate(gorillaCapacity, MemoryTag.BLOCK);
        this.gorillaMemory = NativeMemory.segment(gorillaHandle).asSlice(NativeMemory.offset(gorillaHandle),
            gorillaCapacity);
    }

    /**
     * Encodes samples {@code [from, to)}.
     *
     * @return the length of the chunk, which {@link #chunk()} holds.
     */
    public int encode(final long[] timestamps, final double[] values, final int from, final int to) {
        if (to - from > maxSamples || to <= from) {
            throw new IllegalArgumentException("bad sample range: from=" + from + " to=" + to + " max=" + maxSamples);
        }
        final int columnarLength = columnar.encode(timestamps, values, from, to);
        gorilla.wrap(gorillaMemory, 0, gorillaCapacity);
        final int appended = gorilla.append(timestamps, values, from, to);
        gorillaAttempts++;
        if (appended == to - from && gorilla.lengthBytes() < columnarLength) {
            gorilla.writeCount();
            encoding = ChunkDescriptor.ENCODING_GORILLA;
            length = gorilla.lengthBytes();
            gorillaWins++;
        } else {
            encoding = ColumnarChunkDescriptor.ENCODING_COLUMNAR;
            length = columnarLength;
        }
        return length;
    }

    /** @return the encoding of the last chunk. */
    public byte encoding() {
        return encoding;
    }

    /** @return the length of the last chunk. */
    public int lengthBytes() {
        return length;
    }

    /** @return memory holding the last chunk at offset 0, valid until the next {@link #encode}. */
    public MemorySegment chunk() {
        return encoding == ChunkDescriptor.ENCODING_GORILLA ? gorillaMemory :
            MemorySegment.ofArray(columnar.array());
    }

    /** @return chunks encoded, and of those, how many Gorilla won (for the figures). */
    public long chunksEncoded() {
        return gorillaAttempts;
    }

    /** @return chunks for which Gorilla was shorter. */
    public long gorillaChunks() {
        return gorillaWins;
    }

    /** Frees the native buffer; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            NativeMemory.free(gorillaHandle, gorillaCapacity, MemoryTag.BLOCK);
        }
    }
}
