// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * Prometheus' staleness marker: a NaN with a fixed bit pattern, written when a series disappears, after which an
 * instant selector sees no value (instead of the last one for five minutes).
 */
public final class StaleNaN {
    /** The bit pattern of the marker ({@code value.StaleNaN} in Prometheus). */
    public static final long BITS = 0x7ff0000000000002L;
    /** The marker. */
    public static final double VALUE = Double.longBitsToDouble(BITS);

    private StaleNaN() {
    }

    /** @return true when {@code value} is the marker (its exact bits). */
    public static boolean isStale(final double value) {
        return Double.doubleToRawLongBits(value) == BITS;
    }
}
