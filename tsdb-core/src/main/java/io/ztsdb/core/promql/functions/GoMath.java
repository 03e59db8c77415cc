// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

/**
 * Go's {@code math} functions where Java's differ in special cases or rounding, so that results equal
 * Prometheus' bit for bit where it matters.
 */
public final class GoMath {
    private static final double LN2 = 0.693147180559945309417232121458176568;
    private static final double INVERSE_LN10 = 1 / 2.30258509299404568401799145468436421;

    private GoMath() {
    }

    /** Go's {@code math.Pow}: {@code 1^y = 1} and {@code (-1)^±Inf = 1}, where Java gives NaN. */
    public static double pow(final double x, final double y) {
        if (x == 1 || y == 0) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    /** Go's {@code math.Log2}: exact for powers of two. */
    public static double log2(final double x) {
        if (Double.isNaN(x) || x <= 0 || Double.isInfinite(x)) {
            return Math.log(x);
        }
        // frexp: x = frac * 2^exp with frac in [0.5, 1).
        int exp = Math.getExponent(x);
        double frac;
        if (exp == Double.MIN_EXPONENT - 1) {
            final double scaled = x * 0x1p54;
            exp = Math.getExponent(scaled) - 54;
            frac = scaled / Math.scalb(1.0, Math.getExponent(scaled) + 1);
        } else {
            frac = x / Math.scalb(1.0, exp + 1);
        }
        exp += 1;
        if (frac == 0.5) {
            return exp - 1;
        }
        return Math.log(frac) * (1 / LN2) + exp;
    }

    /** Go's {@code math.Log10}: {@code log(x) * (1/ln 10)}. */
    public static double log10(final double x) {
        return Math.log(x) * INVERSE_LN10;
    }

    /** Go's {@code math.Round}: half away from zero. */
    public static double round(final double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        final double t = Math.floor(Math.abs(x));
        final double r = Math.abs(x) - t >= 0.5 ? t + 1 : t;
        return Math.copySign(r, x);
    }

    /** {@code float64 -> int64} conversion as Go does it on amd64 (out of range and NaN give MinInt64). */
    public static long toInt64(final double x) {
        if (Double.isNaN(x) || x >= 0x1p63 || x < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) x;
    }
}
