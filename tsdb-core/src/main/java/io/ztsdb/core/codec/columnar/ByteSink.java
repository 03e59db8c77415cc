// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import java.util.Arrays;

/**
 * A growable little-endian byte buffer on the heap that an encoder writes into.
 */
final class ByteSink {
    private byte[] bytes;
    private int length;

    ByteSink(final int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
        length = 0;
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    /** Makes room for {@code count} more bytes and returns the offset where they start. */
    int claim(final int count) {
        final int at = length;
        final int end = at + count;
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(end, bytes.length * 2));
        }
        length = end;
        return at;
    }

    void u8(final int value) {
        final int at = claim(1);
        bytes[at] = (byte)value;
    }

    void u16(final int value) {
        final int at = claim(2);
        bytes[at] = (byte)value;
        bytes[at + 1] = (byte)(value >>> 8);
    }

    void u64(final long value) {
        final int at = claim(8);
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = (byte)(value >>> (8 * i));
        }
    }

    void varint(final long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            u8((int)(rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        u8((int)rest);
    }

    void zigzag(final long value) {
        varint(zigzagEncode(value));
    }

    static long zigzagEncode(final long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long zigzagDecode(final long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** @return bytes of the varint of {@code value}. */
    static int varintLength(final long value) {
        return value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 6) / 7;
    }

    static int zigzagLength(final long value) {
        return varintLength(zigzagEncode(value));
    }
}
