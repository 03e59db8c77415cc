// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

/**
 * Greatest common divisors and exact division modulo 2^64, for the common factor that integer columns divide out.
 */
final class ExactDivision {
    private ExactDivision() {
    }

    /** @return {@code gcd(g, y)}, cheaply when {@code g} already divides {@code y}. */
    static long gcdStep(final long g, final long y) {
        if (g != 0) {
            final long mask = g - 1;
            if ((g & mask) == 0 ? (y & mask) == 0 : Long.remainderUnsigned(y, g) == 0) {
                return g;
            }
        }
        return gcd(g, y);
    }

    /**
     * @return the multiplicative inverse of the odd {@code o} modulo 2^64 (Newton's iteration): multiplying a
     *     multiple of {@code o} by it divides exactly, signed or unsigned.
     */
    static long oddInverse(final long o) {
        long inverse = o;
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - o * inverse;
        }
        return inverse;
    }

    /** Greatest common divisor of two unsigned longs (binary GCD); gcd(0, b) = b. */
    static long gcd(final long a, final long b) {
        if (a == 0) {
            return b;
        }
        if (b == 0) {
            return a;
        }
        final int shift = Long.numberOfTrailingZeros(a | b);
        long u = a >>> Long.numberOfTrailingZeros(a);
        long v = b;
        do {
            v >>>= Long.numberOfTrailingZeros(v);
            if (Long.compareUnsigned(u, v) > 0) {
                final long t = u;
                u = v;
                v = t;
            }
            v -= u;
        } while (v != 0);
        return u << shift;
    }
}
