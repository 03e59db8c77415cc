// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian 64-bit and little-endian 16-bit access at any byte offset of a {@link MemorySegment}, native or
 * heap: the encoder's stores. The layouts are constants, so each access compiles to one (byte-swapped) load or
 * store plus the segment's checks; callers check the chunk's own bounds first.
 */
final class BitOrder {
    private static final ValueLayout.OfLong LONG_BIG_ENDIAN =
        ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LITTLE_ENDIAN =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private BitOrder() {
    }

    static long getLongBigEndian(final MemorySegment segment, final long offset) {
        return segment.get(LONG_BIG_ENDIAN, offset);
    }

    static void putLongBigEndian(final MemorySegment segment, final long offset, final long value) {
        segment.set(LONG_BIG_ENDIAN, offset, value);
    }

    static void putShortLittleEndian(final MemorySegment segment, final long offset, final int value) {
        segment.set(SHORT_LITTLE_ENDIAN, offset, (short) value);
    }

    static void putByte(final MemorySegment segment, final long offset, final int value) {
        segment.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }
}
