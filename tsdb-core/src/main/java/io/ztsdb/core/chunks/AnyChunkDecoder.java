// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.chunks;

import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.ChunkFormatException;
import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Decodes a whole chunk of any known encoding (Gorilla {@code 0x01}, columnar {@code 0x02}) into arrays, by the
 * encoding byte of its header. Unknown encodings and versions, and corrupt chunks, fail with {@link
 * ChunkFormatException}. Not thread-safe; reuse one instance.
 */
public final class AnyChunkDecoder {
    private final GorillaDecoder gorilla = new GorillaDecoder();
    private final ColumnarChunkDecoder columnar = new ColumnarChunkDecoder();

    /** Creates a decoder. */
    public AnyChunkDecoder() {
    }

    /**
     * @return the sample count in the chunk's header (not checked against the samples).
     * @throws ChunkFormatException if the chunk is shorter than its header.
     */
    public static int sampleCount(final MemorySegment chunk, final long offset, final int length) {
        if (length < ChunkDescriptor.HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + length);
        }
        return (chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.COUNT_OFFSET) & 0xFF) |
            (chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.COUNT_OFFSET + 1) & 0xFF) << 8;
    }

    /** @return the sample count in the header of the chunk at {@code offset} of {@code chunk}; as above. */
    public static int sampleCount(final byte[] chunk, final int offset, final int length) {
        if (length < ChunkDescriptor.HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + length);
        }
        return (chunk[offset + ChunkDescriptor.COUNT_OFFSET] & 0xFF) |
            (chunk[offset + ChunkDescriptor.COUNT_OFFSET + 1] & 0xFF) << 8;
    }

    /**
     * Decodes the chunk of {@code length} bytes at {@code offset} of {@code chunk} into {@code [at, at + count)}.
     *
     * @return the sample count.
     * @throws ChunkFormatException     if the chunk is corrupt or of an unknown encoding or version.
     * @throws IllegalArgumentException if the arrays are too small.
     */
    public int decode(final MemorySegment chunk, final long offset, final int length, final long[] timestamps,
        final double[] values, final int at) {
        if (length < ChunkDescriptor.HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + length);
        }
        final byte encoding = chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.ENCODING_OFFSET);
        if (encoding == ColumnarChunkDescriptor.ENCODING_COLUMNAR) {
            return columnar.decode(chunk, offset, length, timestamps, values, at);
        }
        return gorilla.wrap(chunk, offset, length).decode(timestamps, values, at);
    }

    /**
     * Decodes a chunk held in a heap array; as {@link #decode(MemorySegment, long, int, long[], double[], int)}.
     *
     * @param segment {@code MemorySegment.ofArray(chunk)}, which the Gorilla decoder reads in place.
     */
    public int decode(final byte[] chunk, final MemorySegment segment, final int offset, final int length,
        final long[] timestamps, final double[] values, final int at) {
        if (length < ChunkDescriptor.HEADER_LENGTH || offset < 0 || offset + length > chunk.length) {
            throw new ChunkFormatException(0, "chunk shorter than its header or outside its array: length=" +
                length);
        }
        if (chunk[offset + ChunkDescriptor.ENCODING_OFFSET] == ColumnarChunkDescriptor.ENCODING_COLUMNAR) {
            return columnar.decode(chunk, offset, length, timestamps, values, at);
        }
        return gorilla.wrap(segment, offset, length).decode(timestamps, values, at);
    }
}
