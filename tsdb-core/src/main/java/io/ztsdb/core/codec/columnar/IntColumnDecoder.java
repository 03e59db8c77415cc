// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;

import java.util.Arrays;

import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_CONST;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_DELTA;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_DELTA_ZIGZAG;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.COLUMN_LEVEL;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_LENGTH;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_PATCHED;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_RICE;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_SPARSE;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MINIBLOCK_WIDTH_MASK;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.PACKED_MINIBLOCKS;
import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.PACKED_ZERO;

/**
 * Reads an integer column written by {@link IntColumnEncoder}. Every field is checked: an unknown kind, a width
 * above 64, an exception position out of order or out of its miniblock, a Rice or sparse miniblock in a version 1
 * chunk, a sparse miniblock without non-zero values or nested in another, or a read past the chunk raises
 * {@link ChunkFormatException}.
 * <p>
 * Not thread-safe; one instance per decoder.
 */
final class IntColumnDecoder {
    private final long[] highs = new long[MINIBLOCK_LENGTH];
    private final int[] positions = new int[MINIBLOCK_LENGTH];
    private final long[] nonZero = new long[MINIBLOCK_LENGTH];
    private boolean extended;

    /** Sets whether the next columns may hold Rice and sparse miniblocks (columnar version 2). */
    void extended(final boolean version2) {
        this.extended = version2;
    }

    /**
     * Decodes {@code n >= 1} values into {@code out[from .. from + n)}.
     */
    void decode(final ByteSource in, final int n, final long[] out, final int from) {
        final int kindAt = in.position();
        final int kind = in.u8("column kind");
        switch (kind) {
            case COLUMN_CONST -> Arrays.fill(out, from, from + n, in.zigzag("constant"));
            case COLUMN_LEVEL -> {
                final long base = in.zigzag("level base");
                final long gcd = in.varint("level gcd");
                if (readPacked(in, n, out, from)) {
                    Arrays.fill(out, from, from + n, base);
                } else {
                    level(out, from, n, base, gcd);
                }
            }
            case COLUMN_DELTA, COLUMN_DELTA_ZIGZAG -> {
                if (n < 2) {
                    throw new ChunkFormatException(kindAt, "delta column of one value");
                }
                final long first = in.zigzag("first value");
                final long base = in.zigzag(kind == COLUMN_DELTA ? "delta base" : "delta reference");
                final long gcd = in.varint("delta gcd");
                if (readPacked(in, n - 1, out, from + 1)) {
                    progression(out, from, n, first, base);
                } else if (kind == COLUMN_DELTA) {
                    delta(out, from, n, first, base, gcd);
                } else {
                    deltaZigzag(out, from, n, first, base, gcd);
                }
            }
            default -> throw new ChunkFormatException(kindAt, "unknown column kind: kind=" + kind);
        }
    }

    /** Fills {@code out[from + i] = first + i * step}: a regular interval. */
    private static void progression(final long[] out, final int from, final int n, final long first,
        final long step) {
        final long start = first - from * step;
        for (int i = from, end = from + n; i < end; i++) {
            out[i] = start + i * step;
        }
    }

    private static void level(final long[] out, final int from, final int n, final long base, final long gcd) {
        if (gcd == 1) {
            for (int i = from, end = from + n; i < end; i++) {
                out[i] += base;
            }
        } else {
            for (int i = from, end = from + n; i < end; i++) {
                out[i] = base + out[i] * gcd;
            }
        }
    }

    private static void delta(final long[] out, final int from, final int n, final long first, final long base,
        final long gcd) {
        long x = first;
        out[from] = x;
        if (gcd == 1) {
            for (int i = from + 1, end = from + n; i < end; i++) {
                x += base + out[i];
                out[i] = x;
            }
        } else {
            for (int i = from + 1, end = from + n; i < end; i++) {
                x += base + out[i] * gcd;
                out[i] = x;
            }
        }
    }

    private static void deltaZigzag(final long[] out, final int from, final int n, final long first, final long ref,
        final long gcd) {
        long x = first;
        out[from] = x;
        if (gcd == 1) {
            for (int i = from + 1, end = from + n; i < end; i++) {
                x += ref + ByteSink.zigzagDecode(out[i]);
                out[i] = x;
            }
        } else {
            for (int i = from + 1, end = from + n; i < end; i++) {
                x += ref + ByteSink.zigzagDecode(out[i]) * gcd;
                out[i] = x;
            }
        }
    }

    /** @return true if every packed value is 0 ({@code out} is then left as it is). */
    private boolean readPacked(final ByteSource in, final int m, final long[] out, final int from) {
        final int flagAt = in.position();
        final int flag = in.u8("packed flag");
        if (flag == PACKED_ZERO) {
            return true;
        }
        if (flag != PACKED_MINIBLOCKS) {
            throw new ChunkFormatException(flagAt, "unknown packed flag: flag=" + flag);
        }
        for (int at = 0; at < m; at += MINIBLOCK_LENGTH) {
            readMiniblock(in, Math.min(MINIBLOCK_LENGTH, m - at), out, from + at);
        }
        return false;
    }

    private void readMiniblock(final ByteSource in, final int k, final long[] out, final int from) {
        final int headerAt = in.position();
        final int header = in.u8("miniblock header");
        if (extended && header == MINIBLOCK_SPARSE) {
            readSparse(in, k, out, from);
            return;
        }
        readPacked(in, header, headerAt, k, out, from);
    }

    private void readSparse(final ByteSource in, final int k, final long[] out, final int from) {
        final int bitmapAt = in.take((k + 7) >>> 3, "sparse bitmap");
        final byte[] bytes = in.array();
        long bitmap = 0;
        for (int i = 0; i < k; i += 8) {
            bitmap |= (bytes[bitmapAt + (i >>> 3)] & 0xFFL) << i;
        }
        if (k < MINIBLOCK_LENGTH && bitmap >>> k != 0 || bitmap == 0) {
            throw new ChunkFormatException(bitmapAt, "bad sparse bitmap: values=" + k + " bitmap=" +
                Long.toHexString(bitmap));
        }
        final int nonZeros = Long.bitCount(bitmap);
        final int headerAt = in.position();
        final int header = in.u8("nested miniblock header");
        if (header == MINIBLOCK_SPARSE) {
            throw new ChunkFormatException(headerAt, "sparse miniblock nested in a sparse miniblock");
        }
        readPacked(in, header, headerAt, nonZeros, nonZero, 0);
        Arrays.fill(out, from, from + k, 0L);
        for (int j = 0; bitmap != 0; j++, bitmap &= bitmap - 1) {
            out[from + Long.numberOfTrailingZeros(bitmap)] = nonZero[j] + 1;
        }
    }

    /** Reads a bit-packed, patched or (version 2) Rice miniblock whose header byte has been read. */
    private void readPacked(final ByteSource in, final int header, final int headerAt, final int k,
        final long[] out, final int from) {
        final int width = header & MINIBLOCK_WIDTH_MASK;
        if (extended && header >= MINIBLOCK_RICE && header <= MINIBLOCK_RICE + RiceCoding.MAX_PARAMETER) {
            final int at = in.position();
            in.take(RiceCoding.read(in.array(), at, at + in.remaining(), k, header - MINIBLOCK_RICE, out, from),
                "Rice miniblock");
            return;
        }
        if (width > 64) {
            throw new ChunkFormatException(headerAt, "miniblock width above 64: width=" + width);
        }
        int exceptions = 0;
        int highWidth = 0;
        if ((header & MINIBLOCK_PATCHED) != 0) {
            final int exceptionsAt = in.position();
            exceptions = in.u8("exception count");
            highWidth = in.u8("exception width");
            if (exceptions < 1 || exceptions > k || highWidth < 1 || width + highWidth > 64) {
                throw new ChunkFormatException(exceptionsAt, "bad miniblock exceptions: count=" + exceptions +
                    " highWidth=" + highWidth + " width=" + width + " values=" + k);
            }
            final byte[] bytes = in.array();
            final int positionsAt = in.take(exceptions, "exception positions");
            int previous = -1;
            for (int j = 0; j < exceptions; j++) {
                final int position = bytes[positionsAt + j] & 0xFF;
                if (position <= previous || position >= k) {
                    throw new ChunkFormatException(positionsAt + j, "exception position out of order or range: " +
                        "position=" + position + " previous=" + previous + " values=" + k);
                }
                positions[j] = position;
                previous = position;
            }
            final int highsAt = in.take(BitPacking.packedBytes(exceptions, highWidth), "exception values");
            BitPacking.unpack(bytes, highsAt, exceptions, highWidth, highs, 0);
        }
        final int lowsAt = in.take(BitPacking.packedBytes(k, width), "packed values");
        BitPacking.unpack(in.array(), lowsAt, k, width, out, from);
        for (int j = 0; j < exceptions; j++) {
            out[from + positions[j]] |= highs[j] << width;
        }
    }
}
