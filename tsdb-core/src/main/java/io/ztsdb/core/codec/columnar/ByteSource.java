// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A bounds-checked little-endian reader over a chunk copied into a heap array. Every read is checked against the
 * chunk's end and fails with {@link ChunkFormatException} (offsets relative to the chunk start), never with an
 * index exception. The array has {@link #PADDING} readable bytes past the chunk so that bit unpacking may load
 * whole 64-bit words at the end of a checked range.
 */
final class ByteSource {
    /** Readable bytes past the end of the chunk in {@link #array()}. */
    static final int PADDING = 16;

    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes = new byte[256];
    private int position;
    private int limit;

    /** Makes room for a chunk of {@code length} bytes and returns the array to copy it to, at offset 0. */
    byte[] prepare(final int length) {
        if (bytes.length < length + PADDING) {
            bytes = new byte[Math.max(length + PADDING, bytes.length * 2)];
        }
        position = 0;
        limit = length;
        return bytes;
    }

    byte[] array() {
        return bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    /** Claims the next {@code count} bytes and returns where they start. */
    int take(final long count, final String what) {
        if (count < 0 || count > limit - position) {
            throw new ChunkFormatException(position, what + " runs past the end of the chunk: needed=" + count +
                " remaining=" + (limit - position));
        }
        final int at = position;
        position += (int)count;
        return at;
    }

    int u8(final String what) {
        return bytes[take(1, what)] & 0xFF;
    }

    int u16(final String what) {
        final int at = take(2, what);
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    long u64(final String what) {
        return (long)LONG_LE.get(bytes, take(8, what));
    }

    long varint(final String what) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            final int b = u8(what);
            if (shift == 63 && b > 1) {
                throw new ChunkFormatException(position - 1, what + ": varint longer than 64 bits");
            }
            result |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new ChunkFormatException(position, what + ": varint longer than 10 bytes");
    }

    long zigzag(final String what) {
        return ByteSink.zigzagDecode(varint(what));
    }

    static long longAt(final byte[] bytes, final int offset) {
        return (long)LONG_LE.get(bytes, offset);
    }
}
