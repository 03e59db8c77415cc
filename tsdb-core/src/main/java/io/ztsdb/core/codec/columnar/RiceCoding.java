// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;

/**
 * Rice-coded miniblocks (columnar version 2): each value {@code y} of a miniblock is split into its low {@code r}
 * bits and the quotient {@code q = y >>> r}. One bit stream, least significant bit first from the miniblock's first
 * byte: the {@code k} low parts at {@code r} bits each (as {@link BitPacking} packs them), then for each value in
 * order its quotient in unary ({@code q} zero bits, then a one bit), padded with zero bits to a whole byte.
 * <p>
 * Noise costs about its entropy plus one bit this way, where bit-packing pays the width of the miniblock's largest
 * value for every value. The encoder tries {@code r} from {@code max(0, full - 8)} to {@code min(full - 1, 56)}
 * ({@code full}: the width of the miniblock's largest value), so a quotient is below {@code 2^8}.
 */
final class RiceCoding {
    /** Parameters tried below the miniblock's full width. */
    static final int PARAMETER_SPAN = 8;
    /** Largest parameter: the low parts unpack with one 64-bit load each. */
    static final int MAX_PARAMETER = 56;
    /** Usable bits of one unaligned 64-bit load shifted by up to 7. */
    private static final int WINDOW = 56;
    private static final long WINDOW_MASK = (1L << WINDOW) - 1;

    private RiceCoding() {
    }

    /** @return bytes of the Rice-coded miniblock (header byte included) at parameter {@code r}. */
    static int bytes(final long[] y, final int from, final int k, final int r) {
        long quotients = 0;
        for (int i = from, end = from + k; i < end; i++) {
            quotients += y[i] >>> r;
        }
        return 1 + (int)(((long)k * (r + 1) + quotients + 7) >>> 3);
    }

    /**
     * @param full width of the largest value of {@code y[from .. from + k)}, at least 1.
     * @return the smallest Rice miniblock as {@code bytes << 6 | r} (the smallest {@code r} on a tie).
     */
    static long plan(final long[] y, final int from, final int k, final int full) {
        int bestBytes = Integer.MAX_VALUE;
        int bestR = 0;
        for (int r = Math.max(0, full - PARAMETER_SPAN), last = Math.min(full - 1, MAX_PARAMETER); r <= last; r++) {
            final int bytes = bytes(y, from, k, r);
            if (bytes < bestBytes) {
                bestBytes = bytes;
                bestR = r;
            }
        }
        return (long)bestBytes << 6 | bestR;
    }

    /** Appends the bit stream of the miniblock (not its header byte). */
    static void write(final long[] y, final int from, final int k, final int r, final ByteSink out) {
        final long mask = BitPacking.mask(r);
        long acc = 0;
        int accBits = 0;
        for (int i = from, end = from + k; i < end; i++) {
            acc |= (y[i] & mask) << accBits;
            accBits += r;
            for (; accBits >= 8; accBits -= 8, acc >>>= 8) {
                out.u8((int)acc);
            }
        }
        for (int i = from, end = from + k; i < end; i++) {
            long q = y[i] >>> r;
            for (; q >= 8; q -= 8) {
                // q zero bits: whole zero bytes once the pending bits are out.
                out.u8((int)acc);
                acc >>>= 8;
            }
            acc |= 1L << (accBits + q);
            accBits += (int)q + 1;
            for (; accBits >= 8; accBits -= 8, acc >>>= 8) {
                out.u8((int)acc);
            }
        }
        if (accBits > 0) {
            out.u8((int)acc);
        }
    }

    /**
     * Reads a miniblock's bit stream starting at byte {@code at} of {@code bytes}, whose chunk ends at {@code limit};
     * the array has at least 16 readable bytes past {@code limit}.
     *
     * @return bytes of the stream.
     * @throws ChunkFormatException if the stream runs past {@code limit}.
     */
    static int read(final byte[] bytes, final int at, final int limit, final int k, final int r, final long[] out,
        final int outFrom) {
        final long lowBits = (long)k * r;
        if (lowBits + k > 8L * (limit - at)) {
            throw new ChunkFormatException(at, "Rice miniblock runs past the end of the chunk: values=" + k +
                " parameter=" + r + " remaining=" + (limit - at));
        }
        BitPacking.unpack(bytes, at, k, r, out, outFrom);
        long bit = 8L * at + lowBits;
        // Absolute bit position of the previous value's terminating one bit.
        long previous = bit - 1;
        int i = outFrom;
        final int end = outFrom + k;
        while (true) {
            final int byteAt = (int)(bit >>> 3);
            if (byteAt >= limit) {
                throw new ChunkFormatException(at, "Rice quotients run past the end of the chunk: values=" + k +
                    " decoded=" + (i - outFrom));
            }
            long w = (ByteSource.longAt(bytes, byteAt) >>> (bit & 7)) & WINDOW_MASK;
            // A counted loop over the window's one bits (no exit that depends on the data inside it).
            final int take = Math.min(Long.bitCount(w), end - i);
            for (int j = 0; j < take; j++) {
                final long one = bit + Long.numberOfTrailingZeros(w);
                out[i + j] |= (one - previous - 1) << r;
                previous = one;
                w &= w - 1;
            }
            i += take;
            if (i == end) {
                final int endByte = (int)((previous + 8) >>> 3);
                if (endByte > limit) {
                    throw new ChunkFormatException(at, "Rice quotients run past the end of the chunk");
                }
                return endByte - at;
            }
            bit += WINDOW;
        }
    }
}
