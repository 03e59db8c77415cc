// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class FunctionsMathTest {
    @Test
    void shouldExtrapolateRateLikePrometheus() {
        // Samples every 15 s over a 1m window ending exactly on the last sample: 0, 15, 30, 45 s, values 0..30.
        final long[] t = {0, 15_000, 30_000, 45_000};
        final double[] v = {10, 20, 30, 40};
        // Counter starting at 10 with slope 2/3 per s: zero point 15 s before the first sample, window start 15 s
        // before it: extrapolated to the full 60 s (the gap to the start is below 1.1 x the 15 s interval).
        assertThat(WindowMath.extrapolatedRate(t, v, null, 0, 4, -15_000, 45_000, 60_000, true, true))
            .isCloseTo(40.0 / 60, offset(1e-12));
        assertThat(WindowMath.extrapolatedRate(t, v, null, 0, 4, -15_000, 45_000, 60_000, true, false))
            .isCloseTo(40.0, offset(1e-12));
        // A reset adds the value before it back.
        final double[] reset = {10, 20, 5, 15};
        assertThat(WindowMath.extrapolatedRate(t, reset, null, 0, 4, -15_000, 45_000, 60_000, true, false))
            .isCloseTo((15 - 10 + 20) * 60.0 / 45, offset(1e-9));
        // The same from running sums of the corrections (what the sample window keeps).
        assertThat(WindowMath.extrapolatedRate(t, reset, new double[] {0, 0, 20, 20}, 0, 4, -15_000, 45_000, 60_000,
            true, false)).isCloseTo((15 - 10 + 20) * 60.0 / 45, offset(1e-9));
    }

    @Test
    void shouldRegressLinearly() {
        final long[] t = {0, 1000, 2000, 3000};
        final double[] v = {1, 3, 5, 7};
        final double[] out = new double[2];
        WindowMath.linearRegression(t, v, 0, 4, 0, out);
        assertThat(out[0]).isCloseTo(2, offset(1e-12));
        assertThat(out[1]).isCloseTo(1, offset(1e-12));
        WindowMath.linearRegression(t, new double[] {4, 4, 4, 4}, 0, 4, 0, out);
        assertThat(out).containsExactly(0, 4);
    }

    @Test
    void shouldComputeQuantilesAsPrometheus() {
        assertThat(Quantiles.quantile(0.5, new double[] {3, 1, 2, 4}, 4)).isEqualTo(2.5);
        assertThat(Quantiles.quantile(-1, new double[] {1}, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Quantiles.quantile(0.5, new double[0], 0)).isNaN();
        final double[] bounds = {0.5, Double.POSITIVE_INFINITY, 0.1, 1};
        final double[] counts = {6, 10, 2, 8};
        // 5th of 10 observations: in the (0.1, 0.5] bucket, 3/4 of the way.
        assertThat(Quantiles.bucketQuantile(0.5, bounds, counts, 4)).isCloseTo(0.4, offset(1e-12));
        assertThat(Quantiles.bucketQuantile(0.99, new double[] {1, Double.POSITIVE_INFINITY},
            new double[] {1, 10}, 2)).isEqualTo(1);
        assertThat(Quantiles.bucketQuantile(0.5, new double[] {1, 2}, new double[] {1, 2}, 2)).isNaN();
    }

    @Test
    void shouldExpandTemplatesLikeGo() {
        final Matcher m = GoRegex.compileAnchored("(?P<first>a+)(b*)").matcher("aab");
        assertThat(m.matches()).isTrue();
        assertThat(RegexTemplate.expand("$1-${2}-$first-$$-$1x-${9}-$", m)).isEqualTo("aa-b-aa-$--" + "-$");
    }

    @Test
    void shouldTranslateRe2Syntax() {
        assertThat(GoRegex.compileAnchored("a{").matcher("a{").matches()).isTrue();
        assertThat(GoRegex.compileAnchored("[[:alpha:]]+").matcher("abc").matches()).isTrue();
        assertThat(GoRegex.compileAnchored("[a[]+").matcher("a[a").matches()).isTrue();
        assertThat(GoRegex.compileAnchored("a.b").matcher("a\nb").matches()).isFalse();
        assertThat(GoRegex.compileAnchored("a$").matcher("a\n").matches()).isFalse();
    }

    @Test
    void shouldUseGoMathSpecialCases() {
        assertThat(GoMath.pow(1, Double.NaN)).isEqualTo(1);
        assertThat(GoMath.pow(-1, Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(GoMath.log2(8)).isEqualTo(3);
        assertThat(GoMath.log2(1024)).isEqualTo(10);
        assertThat(GoMath.round(-2.5)).isEqualTo(-3);
        assertThat(DateParts.DAYS_IN_MONTH.of(1_709_251_200)).isEqualTo(31);
        assertThat(DateParts.DAY_OF_WEEK.of(1_700_000_000)).isEqualTo(2);
    }
}
