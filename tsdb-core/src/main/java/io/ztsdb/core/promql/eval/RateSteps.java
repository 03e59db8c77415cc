// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.functions.WindowMath;

/**
 * {@code rate}, {@code increase} and {@code delta} of one series at every step of a grid in one loop: the window
 * is two indexes slid forward over the {@link SampleWindow}'s buffer, the result and its presence bits are written
 * straight into the output series (a presence word per 64 steps), and the buffer is read ahead only when a step
 * reaches its end. Equal, step for step, to {@link SampleWindow#slide} followed by
 * {@link WindowMath#extrapolatedRate}; it exists because the per-step calls and field updates of that path cost
 * as much as the arithmetic.
 *
 * @param isCounter counter semantics (resets added back, no extrapolation below zero): rate and increase.
 * @param isRate    per second: rate.
 */
public record RateSteps(boolean isCounter, boolean isRate) implements RangeFunction {
    @Override
    public boolean apply(final SampleWindow w, final RangeCall c) {
        if (w.size() < 2) {
            return false;
        }
        c.result = WindowMath.extrapolatedRate(w.timestamps(), w.values(), w.resetSums(), w.from(), w.to(),
            c.rangeStartMillis, c.rangeEndMillis, c.rangeMillis, isCounter, isRate);
        return true;
    }

    /**
     * Evaluates the series at every step of {@code grid}, each step's window being
     * {@code [t - offset - range, t - offset]}.
     *
     * @param window the series, just reset.
     * @param grid   the steps.
     * @param out    receives a value and a presence bit per step (its presence words are all overwritten).
     */
    public void evaluate(final SampleWindow window, final StepGrid grid, final long offsetMillis,
        final long rangeMillis, final StepSeries out) {
        final int steps = grid.count();
        final long stepMillis = grid.stepMillis();
        final double[] result = out.values();
        final long[] presence = out.presence();
        long ref = grid.startMillis() - offsetMillis;
        long bits = 0;
        int i = 0;
        while (i < steps) {
            window.fillPast(ref);
            final long[] t = window.timestamps();
            final double[] v = window.values();
            final double[] resets = window.resetSums();
            final int limit = window.buffered();
            // Steps before the last buffered sample need no read-ahead; past it only if the series has ended.
            final long readAhead = window.isExhausted() || limit == 0 ? Long.MAX_VALUE : t[limit - 1];
            int lo = window.from();
            int hi = window.to();
            for (; i < steps && ref < readAhead; i++, ref += stepMillis) {
                final long start = ref - rangeMillis;
                // t[limit] is a sentinel above any time, and t[lo] < start <= ref keeps lo below hi: no bound
                // tests. A step moves each edge by a sample or two: two moves without a branch, then the rest.
                hi += t[hi] <= ref ? 1 : 0;
                hi += t[hi] <= ref ? 1 : 0;
                while (t[hi] <= ref) {
                    hi++;
                }
                lo += t[lo] < start ? 1 : 0;
                lo += t[lo] < start ? 1 : 0;
                while (t[lo] < start) {
                    lo++;
                }
                if (hi - lo >= 2) {
                    result[i] = WindowMath.extrapolatedRate(t, v, resets, lo, hi, start, ref, rangeMillis,
                        isCounter, isRate);
                    bits |= 1L << i;
                }
                if ((i & 63) == 63) {
                    presence[i >>> 6] = bits;
                    bits = 0;
                }
            }
            window.moveTo(lo, hi);
        }
        if ((steps & 63) != 0) {
            presence[(steps - 1) >>> 6] = bits;
        }
    }
}
