// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute little-endian reads and writes on a {@link ByteBuffer}, whatever the buffer's own byte order, position
 * and mark. Every access is bounds-checked against the buffer's limit by the JDK.
 * <p>
 * <b>Design note:</b> byte-buffer view {@link VarHandle}s are compiled by C2 to an index check and one unaligned
 * load or store, on heap and direct buffers alike, and need neither {@code sun.misc.Unsafe} nor {@code --add-opens}:
 * that is what lets the client run on a stock Java 17+ JVM. A flyweight walk over an insert_batch frame runs at
 * about a billion points per second with them, as fast as with Agrona's unchecked Unsafe reads and no slower than
 * with {@code byte[]} view handles, which would also need a copy of a direct read buffer (InsertBatchDecodeBenchmark,
 * docs/benchmarks.md).
 */
final class LittleEndian {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class,
        ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static long getLong(final ByteBuffer buffer, final int index) {
        return (long)LONG.get(buffer, index);
    }

    static void putLong(final ByteBuffer buffer, final int index, final long value) {
        LONG.set(buffer, index, value);
    }

    static int getInt(final ByteBuffer buffer, final int index) {
        return (int)INT.get(buffer, index);
    }

    static void putInt(final ByteBuffer buffer, final int index, final int value) {
        INT.set(buffer, index, value);
    }

    /** {@return the u16 at {@code index}, zero-extended} */
    static int getUnsignedShort(final ByteBuffer buffer, final int index) {
        return (short)SHORT.get(buffer, index) & 0xFFFF;
    }

    static void putShort(final ByteBuffer buffer, final int index, final int value) {
        SHORT.set(buffer, index, (short)value);
    }

    /** {@return the u8 at {@code index}, zero-extended} */
    static int getUnsignedByte(final ByteBuffer buffer, final int index) {
        return buffer.get(index) & 0xFF;
    }

    static void putByte(final ByteBuffer buffer, final int index, final int value) {
        buffer.put(index, (byte)value);
    }

    static void putZeros(final ByteBuffer buffer, final int index, final int length) {
        for (int i = 0; i < length; i++) {
            buffer.put(index + i, (byte)0);
        }
    }

    /** Checks that {@code [index, index + length)} lies inside the buffer's limit. */
    static void checkRange(final ByteBuffer buffer, final int index, final int length) {
        if (index < 0 || length < 0 || index > buffer.limit() - length) {
            throw new IndexOutOfBoundsException("range outside the buffer: index=" + index + " length=" + length
                + " limit=" + buffer.limit());
        }
    }
}
