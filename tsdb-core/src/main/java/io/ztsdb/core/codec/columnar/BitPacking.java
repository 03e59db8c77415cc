// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import java.util.Arrays;

/**
 * Fixed-width bit packing, least significant bit first: value {@code i} of width {@code b} occupies bits
 * {@code [i*b, i*b + b)} of the little-endian byte stream, padded with zero bits to a whole byte.
 */
final class BitPacking {
    private BitPacking() {
    }

    /** @return bytes that {@code count} values of {@code width} bits take. */
    static int packedBytes(final int count, final int width) {
        return (int)(((long)count * width + 7) >>> 3);
    }

    /** @return mask of the low {@code width} bits (all bits for 64). */
    static long mask(final int width) {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** @return bits needed for the unsigned {@code value}: 0 for 0. */
    static int width(final long value) {
        return 64 - Long.numberOfLeadingZeros(value);
    }

    /**
     * Appends the low {@code width} bits of {@code values[from .. from + count)}, which must have no higher bits set
     * beyond what {@code shift} removes: each value is written as {@code (values[i] >>> shift) & mask(width)}.
     */
    static void pack(final long[] values, final int from, final int count, final int width, final int shift,
        final ByteSink out) {
        if (width == 0 || count == 0) {
            return;
        }
        final int at = out.claim(packedBytes(count, width));
        final byte[] bytes = out.array();
        final long mask = mask(width);
        int pos = at;
        long acc = 0;
        int accBits = 0;
        for (int i = from, end = from + count; i < end; i++) {
            final long v = (values[i] >>> shift) & mask;
            acc |= v << accBits;
            if (accBits + width >= 64) {
                putLong(bytes, pos, acc);
                pos += 8;
                acc = accBits == 0 ? 0 : v >>> (64 - accBits);
                accBits = accBits + width - 64;
            } else {
                accBits += width;
            }
        }
        while (accBits > 0) {
            bytes[pos++] = (byte)acc;
            acc >>>= 8;
            accBits -= 8;
        }
    }

    /** Packs positions-indexed values: {@code values[from + positions[j]] >>> shift} for {@code j < count}. */
    static void packAt(final long[] values, final int from, final int[] positions, final int count,
        final int width, final int shift, final long[] scratch, final ByteSink out) {
        for (int j = 0; j < count; j++) {
            scratch[j] = values[from + positions[j]] >>> shift;
        }
        pack(scratch, 0, count, width, 0, out);
    }

    /**
     * Reads {@code count} values of {@code width} bits starting at byte {@code offset} into {@code out[outFrom ..]}.
     * The array must have 8 readable bytes past the packed range.
     */
    static void unpack(final byte[] bytes, final int offset, final int count, final int width, final long[] out,
        final int outFrom) {
        if (width == 0) {
            Arrays.fill(out, outFrom, outFrom + count, 0L);
            return;
        }
        final long mask = mask(width);
        if (width <= 56) {
            unpackGroups(bytes, offset, count, width, mask, out, outFrom);
            return;
        }
        long bit = 0;
        for (int i = 0; i < count; i++) {
            final int at = offset + (int)(bit >>> 3);
            final int shift = (int)(bit & 7);
            long v = ByteSource.longAt(bytes, at) >>> shift;
            if (shift != 0) {
                v |= (long)(bytes[at + 8] & 0xFF) << (64 - shift);
            }
            out[outFrom + i] = v & mask;
            bit += width;
        }
    }

    /**
     * Eight values of {@code width <= 56} bits take exactly {@code width} bytes, and value {@code j} of a group starts
     * at the same byte offset and shift in every group: the loop loads each value with one unaligned 64-bit read at a
     * linear index plus a constant (so that the bounds checks hoist) and shifts by a constant.
     */
    private static void unpackGroups(final byte[] bytes, final int offset, final int count, final int width,
        final long mask, final long[] out, final int outFrom) {
        final int o1 = width >>> 3;
        final int s1 = width & 7;
        final int o2 = (2 * width) >>> 3;
        final int s2 = (2 * width) & 7;
        final int o3 = (3 * width) >>> 3;
        final int s3 = (3 * width) & 7;
        final int o4 = (4 * width) >>> 3;
        final int s4 = (4 * width) & 7;
        final int o5 = (5 * width) >>> 3;
        final int s5 = (5 * width) & 7;
        final int o6 = (6 * width) >>> 3;
        final int s6 = (6 * width) & 7;
        final int o7 = (7 * width) >>> 3;
        final int s7 = (7 * width) & 7;
        final int groups = count >>> 3;
        for (int g = 0; g < groups; g++) {
            final int p = offset + g * width;
            final int q = outFrom + 8 * g;
            out[q] = ByteSource.longAt(bytes, p) & mask;
            out[q + 1] = (ByteSource.longAt(bytes, p + o1) >>> s1) & mask;
            out[q + 2] = (ByteSource.longAt(bytes, p + o2) >>> s2) & mask;
            out[q + 3] = (ByteSource.longAt(bytes, p + o3) >>> s3) & mask;
            out[q + 4] = (ByteSource.longAt(bytes, p + o4) >>> s4) & mask;
            out[q + 5] = (ByteSource.longAt(bytes, p + o5) >>> s5) & mask;
            out[q + 6] = (ByteSource.longAt(bytes, p + o6) >>> s6) & mask;
            out[q + 7] = (ByteSource.longAt(bytes, p + o7) >>> s7) & mask;
        }
        long bit = (long)groups * 8 * width;
        for (int i = groups * 8; i < count; i++) {
            out[outFrom + i] = (ByteSource.longAt(bytes, offset + (int)(bit >>> 3)) >>> (bit & 7)) & mask;
            bit += width;
        }
    }

    private static void putLong(final byte[] bytes, final int at, final long value) {
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte)(value >>> (8 * i));
        }
    }
}
