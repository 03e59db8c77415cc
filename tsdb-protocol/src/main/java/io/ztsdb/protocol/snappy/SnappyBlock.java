// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.snappy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The snappy block format (Google's {@code format_description.txt}), as Prometheus' remote read and write use it
 * ({@code Content-Encoding: snappy}, block format, not the framed stream format).
 * <pre>
 * block   := varint32(uncompressed length) element*
 * element := tag bits 1..0:
 *            00 literal   length-1 in bits 7..2 (&lt; 60), or in the next 1-4 bytes (LE) for 60..63
 *            01 copy      length 4..11 in bits 4..2, offset 11 bits: bits 7..5 and the next byte
 *            10 copy      length 1..64 in bits 7..2, offset in the next 2 bytes (LE)
 *            11 copy      length 1..64 in bits 7..2, offset in the next 4 bytes (LE)
 * </pre>
 * Decompression checks every length and offset before use and refuses a declared length above the caller's
 * limit before allocating. Compression is the format's greedy scheme: a hash of 4-byte sequences over 64 KiB
 * blocks, literals where nothing matches.
 */
public final class SnappyBlock {
    private static final int BLOCK_SIZE = 1 << 16;
    private static final int HASH_BITS = 14;
    private static final int MIN_MATCH = 4;
    private static final int INPUT_MARGIN = 15;
    private static final int MAX_COPY_LENGTH = 64;
    private static final int MAX_SHORT_COPY_LENGTH = 11;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);

    private SnappyBlock() {
    }

    /**
     * {@return the uncompressed length the block declares}
     *
     * @param src    compressed bytes.
     * @param offset where the block starts.
     * @param length its length.
     * @throws SnappyFormatException when the preamble is malformed.
     */
    public static int uncompressedLength(final byte[] src, final int offset, final int length) {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            if (i >= length) {
                throw new SnappyFormatException("truncated length preamble: length=" + length);
            }
            final int b = src[offset + i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                if (value > Integer.MAX_VALUE) {
                    throw new SnappyFormatException("declared length too large: length=" + value);
                }
                // A copy of at most 64 bytes takes at least 3 (2 for at most 11): what the rest cannot expand to is
                // refused before a caller allocates it.
                final long producible = (long) (length - i - 1) * MAX_COPY_LENGTH / 3 + MAX_SHORT_COPY_LENGTH;
                if (value > producible) {
                    throw new SnappyFormatException("declared length too large: length=" + value + " cannot come "
                        + "from " + (length - i - 1) + " compressed bytes");
                }
                return (int) value;
            }
        }
        throw new SnappyFormatException("length preamble longer than 5 bytes");
    }

    /**
     * {@return the uncompressed bytes}
     *
     * @param src       compressed bytes.
     * @param offset    where the block starts.
     * @param length    its length.
     * @param maxLength largest uncompressed length accepted.
     * @throws SnappyFormatException when the block is malformed or declares more than {@code maxLength} bytes.
     */
    public static byte[] decompress(final byte[] src, final int offset, final int length, final int maxLength) {
        final int outLength = uncompressedLength(src, offset, length);
        if (outLength > maxLength) {
            throw new SnappyFormatException("uncompressed length over the limit: length=" + outLength + ", max=" +
                maxLength);
        }
        final byte[] out = new byte[outLength];
        decompress(src, offset, length, out, 0);
        return out;
    }

    /**
     * Decompresses into a caller's array (reused from call to call): check {@link #uncompressedLength} against
     * the caller's limit and make room first.
     *
     * @param src       compressed bytes.
     * @param offset    where the block starts.
     * @param length    its length.
     * @param out       receives the uncompressed bytes; must have room for {@link #uncompressedLength} bytes
     *                  from {@code outOffset}.
     * @param outOffset where to write them.
     * @return the uncompressed length.
     * @throws SnappyFormatException when the block is malformed.
     */
    public static int decompress(final byte[] src, final int offset, final int length, final byte[] out,
        final int outOffset) {
        final int outLength = uncompressedLength(src, offset, length);
        if (outLength > out.length - outOffset) {
            throw new IllegalArgumentException("output too small: needs " + outLength + " bytes");
        }
        int s = offset + varintSize(outLength);
        final int end = offset + length;
        int d = outOffset;
        final int outEnd = outOffset + outLength;
        while (s < end) {
            final int tag = src[s++] & 0xff;
            if ((tag & 3) == 0) {
                int literal = tag >>> 2;
                if (literal >= 60) {
                    final int bytes = literal - 59;
                    if (s + bytes > end) {
                        throw new SnappyFormatException("truncated literal length at offset=" + (s - offset));
                    }
                    long len = 0;
                    for (int i = 0; i < bytes; i++) {
                        len |= (long) (src[s + i] & 0xff) << (8 * i);
                    }
                    s += bytes;
                    if (len >= Integer.MAX_VALUE) {
                        throw new SnappyFormatException("literal too long: length=" + len);
                    }
                    literal = (int) len;
                }
                final int n = literal + 1;
                if (n > end - s || n > outEnd - d) {
                    throw new SnappyFormatException("literal past the end: length=" + n + ", offset=" + (s - offset));
                }
                if (n <= 2 * Long.BYTES && end - s >= 2 * Long.BYTES && outEnd - d >= 2 * Long.BYTES) {
                    // Short literals, most of them: two 8-byte moves; the bytes past n are rewritten later.
                    LONG_LE.set(out, d, (long) LONG_LE.get(src, s));
                    LONG_LE.set(out, d + Long.BYTES, (long) LONG_LE.get(src, s + Long.BYTES));
                } else {
                    System.arraycopy(src, s, out, d, n);
                }
                s += n;
                d += n;
                continue;
            }
            final int copyLength;
            final int copyOffset;
            switch (tag & 3) {
                case 1 -> {
                    if (s + 1 > end) {
                        throw new SnappyFormatException("truncated copy at offset=" + (s - offset));
                    }
                    copyLength = 4 + ((tag >>> 2) & 7);
                    copyOffset = ((tag >>> 5) << 8) | (src[s] & 0xff);
                    s += 1;
                }
                case 2 -> {
                    if (s + 2 > end) {
                        throw new SnappyFormatException("truncated copy at offset=" + (s - offset));
                    }
                    copyLength = 1 + (tag >>> 2);
                    copyOffset = (src[s] & 0xff) | (src[s + 1] & 0xff) << 8;
                    s += 2;
                }
                default -> {
                    if (s + 4 > end) {
                        throw new SnappyFormatException("truncated copy at offset=" + (s - offset));
                    }
                    copyLength = 1 + (tag >>> 2);
                    final long off = (src[s] & 0xffL) | (src[s + 1] & 0xffL) << 8 | (src[s + 2] & 0xffL) << 16 |
                        (src[s + 3] & 0xffL) << 24;
                    if (off > Integer.MAX_VALUE) {
                        throw new SnappyFormatException("copy offset too large: offset=" + off);
                    }
                    copyOffset = (int) off;
                    s += 4;
                }
            }
            if (copyOffset == 0 || copyOffset > d - outOffset || copyLength > outEnd - d) {
                throw new SnappyFormatException("bad copy: offset=" + copyOffset + ", length=" + copyLength +
                    ", written=" + (d - outOffset));
            }
            if (copyOffset >= Long.BYTES && outEnd - d >= copyLength + Long.BYTES) {
                // 8 bytes at a time: each move reads bytes written before it (offset >= 8); the bytes past the copy
                // stay inside the block and are rewritten by the elements that follow.
                for (int i = 0; i < copyLength; i += Long.BYTES) {
                    LONG_LE.set(out, d + i, (long) LONG_LE.get(out, d - copyOffset + i));
                }
            } else {
                // Byte by byte: a copy may overlap its own output (run-length style).
                for (int i = 0; i < copyLength; i++) {
                    out[d + i] = out[d - copyOffset + i];
                }
            }
            d += copyLength;
        }
        if (d != outEnd) {
            throw new SnappyFormatException("block shorter than declared: declared=" + outLength + ", actual=" +
                (d - outOffset));
        }
        return outLength;
    }

    /**
     * {@return the snappy block}
     *
     * @param src    bytes to compress.
     * @param offset where they start.
     * @param length how many.
     */
    public static byte[] compress(final byte[] src, final int offset, final int length) {
        byte[] out = new byte[maxCompressedLength(length)];
        int d = writeVarint(out, 0, length);
        final int[] table = new int[1 << HASH_BITS];
        for (int block = offset; block < offset + length; block += BLOCK_SIZE) {
            final int blockEnd = Math.min(offset + length, block + BLOCK_SIZE);
            d = compressBlock(src, block, blockEnd, out, d, table);
        }
        return Arrays.copyOf(out, d);
    }

    /**
     * {@return an upper bound of the compressed size of {@code length} bytes}
     *
     * @param length the uncompressed length.
     */
    public static int maxCompressedLength(final int length) {
        return 32 + length + length / 6;
    }

    private static int compressBlock(final byte[] src, final int start, final int end, final byte[] out,
        final int outPos, final int[] table) {
        int d = outPos;
        if (end - start < INPUT_MARGIN + MIN_MATCH) {
            return emitLiteral(src, start, end - start, out, d);
        }
        Arrays.fill(table, -1);
        final int limit = end - INPUT_MARGIN;
        int nextEmit = start;
        int i = start + 1;
        int skip = 32;
        while (i < limit) {
            final int word = load32(src, i);
            final int h = hash(word);
            final int candidate = table[h];
            table[h] = i;
            if (candidate < start || load32(src, candidate) != word) {
                i += skip++ >> 5;
                continue;
            }
            skip = 32;
            d = emitLiteral(src, nextEmit, i - nextEmit, out, d);
            int matched = MIN_MATCH;
            while (i + matched < end && src[candidate + matched] == src[i + matched]) {
                matched++;
            }
            d = emitCopy(i - candidate, matched, out, d);
            i += matched;
            nextEmit = i;
            if (i < limit) {
                table[hash(load32(src, i - 1))] = i - 1;
            }
        }
        if (nextEmit < end) {
            d = emitLiteral(src, nextEmit, end - nextEmit, out, d);
        }
        return d;
    }

    private static int emitLiteral(final byte[] src, final int from, final int length, final byte[] out,
        final int outPos) {
        if (length == 0) {
            return outPos;
        }
        int d = outPos;
        final int n = length - 1;
        if (n < 60) {
            out[d++] = (byte) (n << 2);
        } else if (n < 1 << 8) {
            out[d++] = (byte) (60 << 2);
            out[d++] = (byte) n;
        } else if (n < 1 << 16) {
            out[d++] = (byte) (61 << 2);
            out[d++] = (byte) n;
            out[d++] = (byte) (n >>> 8);
        } else {
            out[d++] = (byte) (62 << 2);
            out[d++] = (byte) n;
            out[d++] = (byte) (n >>> 8);
            out[d++] = (byte) (n >>> 16);
        }
        System.arraycopy(src, from, out, d, length);
        return d + length;
    }

    private static int emitCopy(final int offset, final int length, final byte[] out, final int outPos) {
        int d = outPos;
        int remaining = length;
        while (remaining >= 68) {
            d = emitCopy2(offset, 64, out, d);
            remaining -= 64;
        }
        if (remaining > 64) {
            d = emitCopy2(offset, 60, out, d);
            remaining -= 60;
        }
        if (remaining >= 4 && remaining <= 11 && offset < 2048) {
            out[d++] = (byte) (1 | ((remaining - 4) << 2) | ((offset >>> 8) << 5));
            out[d++] = (byte) offset;
            return d;
        }
        return emitCopy2(offset, remaining, out, d);
    }

    private static int emitCopy2(final int offset, final int length, final byte[] out, final int outPos) {
        out[outPos] = (byte) (2 | ((length - 1) << 2));
        out[outPos + 1] = (byte) offset;
        out[outPos + 2] = (byte) (offset >>> 8);
        return outPos + 3;
    }

    private static int load32(final byte[] b, final int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static int hash(final int word) {
        return (word * 0x1e35a7bd) >>> (32 - HASH_BITS);
    }

    private static int writeVarint(final byte[] out, final int pos, final int value) {
        int p = pos;
        int v = value;
        while ((v & ~0x7f) != 0) {
            out[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static int varintSize(final int value) {
        int size = 1;
        int v = value;
        while ((v & ~0x7f) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }
}
