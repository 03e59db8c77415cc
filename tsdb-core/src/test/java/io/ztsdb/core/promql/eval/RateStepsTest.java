// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.functions.WindowMath;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RateStepsTest {
    /**
     * The one-loop evaluation equals sliding a {@link SampleWindow} step by step and calling
     * {@link WindowMath#extrapolatedRate}, bit for bit, over series long enough to read ahead many times, with
     * counter resets, stale markers, gaps longer than the range, and grids starting before and ending after the
     * samples.
     */
    @Test
    void shouldEqualTheWindowSlidStepByStep() {
        final Random random = new Random(20261206L);
        for (int round = 0; round < 200; round++) {
            final int n = random.nextInt(3000);
            final long[] t = new long[n];
            final double[] v = new double[n];
            long time = random.nextInt(100_000);
            double value = 0;
            for (int i = 0; i < n; i++) {
                time += random.nextInt(10) == 0 ? 1 + random.nextInt(200_000) : 1 + random.nextInt(20_000);
                value = random.nextInt(20) == 0 ? random.nextDouble() * 10 : value + random.nextDouble() * 100;
                t[i] = time;
                v[i] = random.nextInt(50) == 0 ? StaleNaN.VALUE : value;
            }
            final long range = 1 + random.nextInt(120_000);
            final long offset = random.nextInt(3) == 0 ? random.nextInt(60_000) - 30_000 : 0;
            final long step = 1 + random.nextInt(30_000);
            final long start = random.nextInt(200_000);
            final StepGrid grid = new StepGrid(start, start + (long) random.nextInt(5000) * step, step);
            for (final RateSteps rate : new RateSteps[] {new RateSteps(true, true), new RateSteps(true, false),
                new RateSteps(false, false)}) {
                final StepSeries expected = expected(t, v, grid, offset, range, rate);
                final StepSeries actual = new StepSeries(null, grid.count());
                actual.set(grid.count() - 1, 42);
                final SampleWindow window = new SampleWindow();
                window.reset(SampleWindowTest.cursor(t, v));
                rate.evaluate(window, grid, offset, range, actual);
                final String what = "round " + round + " " + rate;
                assertThat(actual.presence()).as(what).isEqualTo(expected.presence());
                for (int i = 0; i < grid.count(); i++) {
                    if (expected.isPresent(i)) {
                        assertThat(Double.doubleToRawLongBits(actual.value(i))).as(what + " step " + i)
                            .isEqualTo(Double.doubleToRawLongBits(expected.value(i)));
                    }
                }
            }
        }
    }

    private static StepSeries expected(final long[] t, final double[] v, final StepGrid grid, final long offset,
        final long range, final RateSteps rate) {
        final StepSeries out = new StepSeries(null, grid.count());
        final SampleWindow window = new SampleWindow();
        window.reset(SampleWindowTest.cursor(t, v));
        for (int i = 0; i < grid.count(); i++) {
            final long ref = grid.time(i) - offset;
            window.slide(ref - range, ref);
            if (window.size() >= 2) {
                out.set(i, WindowMath.extrapolatedRate(window.timestamps(), window.values(), window.resetSums(),
                    window.from(), window.to(), ref - range, ref, range, rate.isCounter(), rate.isRate()));
            }
        }
        return out;
    }
}
