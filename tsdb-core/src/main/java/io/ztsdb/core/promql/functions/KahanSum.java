// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

/**
 * Neumaier's compensated summation, as Prometheus' {@code kahanSumInc}: the running sum and its compensation are
 * kept by the caller, so summing allocates nothing.
 */
public final class KahanSum {
    private KahanSum() {
    }

    /**
     * @param increment the value to add.
     * @param sum       the running sum.
     * @param c         the running compensation.
     * @return the new compensation; the new sum is {@code sum + increment}.
     */
    public static double compensation(final double increment, final double sum, final double c) {
        final double t = sum + increment;
        if (Math.abs(sum) >= Math.abs(increment)) {
            return c + ((sum - t) + increment);
        }
        return c + ((increment - t) + sum);
    }
}
