// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import static io.ztsdb.core.codec.columnar.ColumnarChunkDescriptor.MAX_DECIMAL_EXPONENT;

/**
 * Decimal view of doubles: a value {@code v} is the decimal {@code m / 10^e} when the correctly rounded quotient
 * {@code (double) m / 10^e} has exactly the bits of {@code v}. Because IEEE-754 division is correctly rounded and
 * {@code 10^e} ({@code e <= 18}) is exact, every double that is the nearest double to a decimal with a mantissa
 * below 2^53 (what parsing {@code "12.47"} or dividing an integer counter by a power of ten gives) has such a
 * form, found with {@code m = rint(v * 10^e)}. The check is on raw bits, so {@code -0.0}, NaN payloads and
 * infinities never pass and stay exceptions.
 */
final class DecimalScaling {
    /** {@code POWERS[e] = 10^e}, all exact doubles. */
    static final double[] POWERS = new double[MAX_DECIMAL_EXPONENT + 1];
    /** Scaled values at or above this magnitude are not tried (their mantissa would not fit a long). */
    private static final double LIMIT = 0x1p62;
    /** Returned by {@link #minExponent} for a value with no decimal form. */
    static final int NONE = -1;

    static {
        double p = 1;
        for (int e = 0; e <= MAX_DECIMAL_EXPONENT; e++) {
            POWERS[e] = p;
            p *= 10;
        }
    }

    private DecimalScaling() {
    }

    /**
     * @return the mantissa of {@code v} at exponent {@code e}: {@code rint(v * 10^e)}; meaningful only when
     *     {@link #fits} holds.
     */
    static long mantissa(final double v, final int e) {
        return (long)Math.rint(v * POWERS[e]);
    }

    /** @return whether {@code v * 10^e} is finite and below 2^62 in magnitude, so that its mantissa is meaningful. */
    static boolean inRange(final double v, final int e) {
        return Math.abs(v * POWERS[e]) < LIMIT;
    }

    /** @return whether {@code (double) mantissa(v, e) / 10^e} has the raw bits of {@code v}. */
    static boolean fits(final double v, final int e) {
        final double scaled = v * POWERS[e];
        if (!(Math.abs(scaled) < LIMIT)) {
            return false;
        }
        final long m = (long)Math.rint(scaled);
        return Double.doubleToRawLongBits((double)m / POWERS[e]) == Double.doubleToRawLongBits(v);
    }

    /** @return the smallest {@code e} in {@code [0, 18]} at which {@code v} fits, or {@link #NONE}. */
    static int minExponent(final double v) {
        for (int e = 0; e <= MAX_DECIMAL_EXPONENT; e++) {
            if (fits(v, e)) {
                return e;
            }
        }
        return NONE;
    }
}
