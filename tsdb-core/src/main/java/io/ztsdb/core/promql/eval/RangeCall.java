// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

/**
 * The arguments of one evaluation of a range function at one step, reused across steps and series.
 */
final class RangeCall {
    /** The evaluation time (Prometheus' {@code enh.Ts}). */
    long stepMillis;
    /** Start of the window, inclusive. */
    long rangeStartMillis;
    /** End of the window, inclusive. */
    long rangeEndMillis;
    /** Length of the selector's range. */
    long rangeMillis;
    /** The scalar arguments at this step, by argument position (the matrix argument's slot unused). */
    final double[] args;
    /** Where the function puts its result. */
    double result;
    /** Slope and intercept of a linear regression, reused. */
    final double[] regression = new double[2];
    /** Scratch space for functions that sort the window's values, grown as needed. */
    double[] scratch = new double[64];

    RangeCall(final int argCount) {
        this.args = new double[argCount];
    }
}
