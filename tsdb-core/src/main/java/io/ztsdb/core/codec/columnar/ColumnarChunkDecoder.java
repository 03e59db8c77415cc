// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkDescriptor;
import io.ztsdb.core.codec.ChunkFormatException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMNAR_VERSION;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMNAR_VERSION_1;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.ENCODING_COLUMNAR;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MAX_DECIMAL_EXPONENT;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.RESIDUALS_COLUMN;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.RESIDUALS_LIST;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_CONST_BITS;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_DECIMAL;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.VALUES_RAW;

/**
 * Decodes a whole columnar chunk ({@link ColumnarChunkDescriptor}, version 1 or 2) into arrays, the query path's
 * bulk decode.
 * <p>
 * The chunk is first copied into a heap array (one bulk copy of a few bytes per sample), then every field is read
 * with bounds checks: corrupt, truncated or over-long input raises {@link ChunkFormatException}, never an index
 * exception, and the work is bounded by the sample count in the header (at most 65,535).
 * <p>
 * Not thread-safe; reuse one instance.
 */
public final class ColumnarChunkDecoder {
    private final ByteSource in = new ByteSource();
    private final IntColumnDecoder columns = new IntColumnDecoder();
    private long[] scratch = new long[0];
    private long[] residualScratch = new long[0];

    /** Creates a decoder. */
    public ColumnarChunkDecoder() {
    }

    /**
     * Decodes the chunk of {@code length} bytes at {@code offset} of {@code chunk}.
     *
     * @param timestamps receives the timestamps at {@code [at, at + count)}.
     * @param values     receives the values at {@code [at, at + count)}.
     * @return the sample count.
     * @throws ChunkFormatException     if the chunk is corrupt, truncated, or of another encoding or version.
     * @throws IllegalArgumentException if the arrays are too small for the chunk's samples.
     */
    public int decode(final MemorySegment chunk, final long offset, final int length, final long[] timestamps,
        final double[] values, final int at) {
        if (offset < 0 || length < 0 || offset + length > chunk.byteSize()) {
            throw new IllegalArgumentException("chunk outside segment: offset=" + offset + " length=" + length +
                " segmentSize=" + chunk.byteSize());
        }
        checkLength(length);
        final byte[] bytes = in.prepare(length);
        MemorySegment.copy(chunk, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return decodePrepared(timestamps, values, at);
    }

    /**
     * Decodes the chunk of {@code length} bytes at {@code offset} of {@code chunk}; as
     * {@link #decode(MemorySegment, long, int, long[], double[], int)}.
     */
    public int decode(final byte[] chunk, final int offset, final int length, final long[] timestamps,
        final double[] values, final int at) {
        if (offset < 0 || length < 0 || offset + length > chunk.length) {
            throw new IllegalArgumentException("chunk outside array: offset=" + offset + " length=" + length +
                " arrayLength=" + chunk.length);
        }
        checkLength(length);
        System.arraycopy(chunk, offset, in.prepare(length), 0, length);
        return decodePrepared(timestamps, values, at);
    }

    /**
     * The byte lengths of the parts of one chunk, for storage breakdowns (not the query path: it decodes the chunk).
     *
     * @param timestampsForm the timestamp column's form byte ({@code COLUMN_*} of {@link ColumnarChunkDescriptor}),
     *                       -1 for an empty chunk.
     * @param valuesKind     the values kind byte ({@code VALUES_*}), -1 for an empty chunk.
     * @param valuesForm     the form byte of the mantissa or raw column, -1 for constant values.
     * @param timestamps     bytes of the timestamp column.
     * @param values         bytes of the values section without its residuals.
     * @param residuals      bytes of the residuals of a decimal section (mode byte included).
     */
    public record Sections(int timestampsForm, int valuesKind, int valuesForm, int timestamps, int values,
        int residuals) {
    }

    /**
     * Decodes the chunk and measures its parts; the header is the remaining {@code 4} bytes.
     *
     * @return the lengths of the chunk's parts.
     * @throws ChunkFormatException if the chunk is corrupt.
     */
    public Sections sections(final byte[] chunk, final int offset, final int length) {
        final int count = decode(chunk, offset, length, new long[0xFFFF], new double[0xFFFF], 0);
        if (count == 0) {
            return new Sections(-1, -1, -1, 0, 0, 0);
        }
        final byte[] bytes = in.prepare(length);
        final int timestampsAt = ChunkDescriptor.HEADER_LENGTH;
        System.arraycopy(chunk, offset, bytes, 0, length);
        in.take(timestampsAt, "header");
        columns.decode(in, count, scratch(count), 0);
        final int valuesAt = in.position();
        final int kind = bytes[valuesAt] & 0xFF;
        int form = -1;
        int residualsAt = length;
        if (kind == VALUES_RAW) {
            form = bytes[valuesAt + 1] & 0xFF;
        } else if (kind == VALUES_DECIMAL) {
            form = bytes[valuesAt + 2] & 0xFF;
            in.take(2, "values kind and exponent");
            columns.decode(in, count, scratch(count), 0);
            residualsAt = in.position();
        }
        return new Sections(bytes[timestampsAt] & 0xFF, kind, form, valuesAt - timestampsAt, residualsAt - valuesAt,
            length - residualsAt);
    }

    /**
     * @return the sample count in the header of a columnar chunk.
     * @throws ChunkFormatException if the header is short or not a columnar chunk of a known version.
     */
    public static int sampleCount(final MemorySegment chunk, final long offset, final int length) {
        if (length < ChunkDescriptor.HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + length);
        }
        checkEncoding(chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.ENCODING_OFFSET),
            chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.VERSION_OFFSET));
        return (chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.COUNT_OFFSET) & 0xFF) |
            (chunk.get(ValueLayout.JAVA_BYTE, offset + ChunkDescriptor.COUNT_OFFSET + 1) & 0xFF) << 8;
    }

    private static void checkEncoding(final byte encoding, final byte version) {
        if (encoding != ENCODING_COLUMNAR) {
            throw new ChunkFormatException(ChunkDescriptor.ENCODING_OFFSET, "unknown encoding: encoding=" +
                (encoding & 0xFF));
        }
        if (version != COLUMNAR_VERSION && version != COLUMNAR_VERSION_1) {
            throw new ChunkFormatException(ChunkDescriptor.VERSION_OFFSET, "unknown columnar chunk version: " +
                "version=" + (version & 0xFF));
        }
    }

    /** Longest encoding of the largest chunk: a longer length is corrupt, and is refused before any copy. */
    private static final int MAX_CHUNK_LENGTH = ColumnarChunkEncoder.maxEncodedLength(ChunkDescriptor.MAX_SAMPLE_COUNT);

    private static void checkLength(final int length) {
        if (length > MAX_CHUNK_LENGTH) {
            throw new ChunkFormatException(0, "longer than any columnar chunk: length=" + length + " max=" +
                MAX_CHUNK_LENGTH);
        }
    }

    private int decodePrepared(final long[] timestamps, final double[] values, final int at) {
        final byte[] bytes = in.array();
        if (in.remaining() < ChunkDescriptor.HEADER_LENGTH) {
            throw new ChunkFormatException(0, "shorter than its header: length=" + in.remaining());
        }
        checkEncoding(bytes[ChunkDescriptor.ENCODING_OFFSET], bytes[ChunkDescriptor.VERSION_OFFSET]);
        columns.extended(bytes[ChunkDescriptor.VERSION_OFFSET] == COLUMNAR_VERSION);
        in.take(ChunkDescriptor.COUNT_OFFSET, "header");
        final int count = in.u16("sample count");
        if (at < 0 || at + count > timestamps.length || at + count > values.length) {
            throw new IllegalArgumentException("arrays too small: at=" + at + " count=" + count + " timestamps=" +
                timestamps.length + " values=" + values.length);
        }
        if (count > 0) {
            columns.decode(in, count, timestamps, at);
            decodeValues(count, values, at);
        }
        if (in.remaining() != 0) {
            throw new ChunkFormatException(in.position(), "trailing bytes after the values: remaining=" +
                in.remaining());
        }
        return count;
    }

    private void decodeValues(final int count, final double[] values, final int at) {
        final int kindAt = in.position();
        final int kind = in.u8("values kind");
        switch (kind) {
            case VALUES_CONST_BITS -> Arrays.fill(values, at, at + count, Double.longBitsToDouble(in.u64("bits")));
            case VALUES_RAW -> {
                final long[] x = scratch(count);
                columns.decode(in, count, x, 0);
                for (int i = 0; i < count; i++) {
                    values[at + i] = Double.longBitsToDouble(x[i]);
                }
            }
            case VALUES_DECIMAL -> decodeDecimal(count, values, at);
            default -> throw new ChunkFormatException(kindAt, "unknown values kind: kind=" + kind);
        }
    }

    private void decodeDecimal(final int count, final double[] values, final int at) {
        final int exponentAt = in.position();
        final int exponent = in.u8("decimal exponent");
        if (exponent > MAX_DECIMAL_EXPONENT) {
            throw new ChunkFormatException(exponentAt, "decimal exponent above 18: exponent=" + exponent);
        }
        final long[] m = scratch(count);
        columns.decode(in, count, m, 0);
        final double power = DecimalScaling.POWERS[exponent];
        for (int i = 0; i < count; i++) {
            values[at + i] = (double)m[i] / power;
        }
        final int modeAt = in.position();
        final int mode = in.u8("residuals mode");
        if (mode == RESIDUALS_COLUMN) {
            final long[] r = residualScratch(count);
            columns.decode(in, count, r, 0);
            for (int i = 0; i < count; i++) {
                values[at + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(values[at + i]) + r[i]);
            }
            return;
        }
        if (mode != RESIDUALS_LIST) {
            throw new ChunkFormatException(modeAt, "unknown residuals mode: mode=" + mode);
        }
        final int countAt = in.position();
        final long exceptions = in.varint("exception count");
        if (exceptions > count) {
            throw new ChunkFormatException(countAt, "more exceptions than values: exceptions=" + exceptions +
                " count=" + count);
        }
        final int e = (int)exceptions;
        final int positionsAt = in.take(2L * e, "exception positions");
        final byte[] bytes = in.array();
        int previous = -1;
        for (int j = 0; j < e; j++) {
            final int p = positionsAt + 2 * j;
            final int position = (bytes[p] & 0xFF) | (bytes[p + 1] & 0xFF) << 8;
            if (position <= previous || position >= count) {
                throw new ChunkFormatException(p, "exception position out of order or range: position=" +
                    position + " previous=" + previous + " count=" + count);
            }
            previous = position;
            final long residual = in.zigzag("exception residual");
            values[at + position] = Double.longBitsToDouble(Double.doubleToRawLongBits(values[at + position]) +
                residual);
        }
    }

    private long[] residualScratch(final int count) {
        if (residualScratch.length < count) {
            residualScratch = new long[Math.max(count, 2 * residualScratch.length)];
        }
        return residualScratch;
    }

    private long[] scratch(final int count) {
        if (scratch.length < count) {
            scratch = new long[Math.max(count, 2 * scratch.length)];
        }
        return scratch;
    }
}
