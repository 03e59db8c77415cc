// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * Raw big-endian 64-bit and little-endian 16-bit access to {@code (base, address)} pairs: a null base and an
 * absolute address for native memory, or a {@code byte[]} and an array offset for heap memory.
 * Callers check bounds first.
 */
final class BitOrder {
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private BitOrder() {
    }

    static long getLongBigEndian(final Object base, final long address) {
        final long raw = UnsafeApi.getLong(base, address);
        return NATIVE_LITTLE_ENDIAN ? Long.reverseBytes(raw) : raw;
    }

    static void putLongBigEndian(final Object base, final long address, final long value) {
        UnsafeApi.putLong(base, address, NATIVE_LITTLE_ENDIAN ? Long.reverseBytes(value) : value);
    }

    static int getShortLittleEndian(final Object base, final long address) {
        final short raw = UnsafeApi.getShort(base, address);
        return (NATIVE_LITTLE_ENDIAN ? raw : Short.reverseBytes(raw)) & 0xFFFF;
    }

    static void putShortLittleEndian(final Object base, final long address, final int value) {
        final short raw = (short)value;
        UnsafeApi.putShort(base, address, NATIVE_LITTLE_ENDIAN ? raw : Short.reverseBytes(raw));
    }

    static int getByte(final Object base, final long address) {
        return UnsafeApi.getByte(base, address) & 0xFF;
    }

    static void putByte(final Object base, final long address, final int value) {
        UnsafeApi.putByte(base, address, (byte)value);
    }
}
