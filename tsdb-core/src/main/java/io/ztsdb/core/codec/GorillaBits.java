// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian bit reads from a byte array for {@link GorillaDecoder}: positions count bits from the array start,
 * bit 0 being the top bit of byte 0. Callers keep every load 8 bytes inside the array.
 */
final class GorillaBits {
    private static final VarHandle LONG_BIG_ENDIAN =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private GorillaBits() {
    }

    /** @return the 8 bytes at {@code index}, big-endian. */
    static long load(final byte[] bytes, final int index) {
        return (long) LONG_BIG_ENDIAN.get(bytes, index);
    }

    /** @return the 64 bits from bit {@code pos}, at least 57 of them real (the low {@code pos & 7} are zeros). */
    static long peekAt(final byte[] bytes, final long pos) {
        return load(bytes, (int) (pos >>> 3)) << ((int) pos & 7);
    }

    /** @return the 64 bits from bit {@code pos}, all real. */
    static long readLongAt(final byte[] bytes, final long pos) {
        return ((peekAt(bytes, pos) >>> 32) << 32) | (peekAt(bytes, pos + 32) >>> 32);
    }

    /** @return the {@code width} (33 to 64) bits from bit {@code pos}, right-aligned. */
    static long readWideAt(final byte[] bytes, final long pos, final int width) {
        final int low = width - 32;
        return ((peekAt(bytes, pos) >>> 32) << low) | (peekAt(bytes, pos + 32) >>> (64 - low));
    }
}
