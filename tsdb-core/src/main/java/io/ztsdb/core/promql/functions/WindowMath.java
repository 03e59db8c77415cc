// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

/**
 * The functions over a range window of samples, exactly as Prometheus 2.42 computes them ({@code functions.go}):
 * each reads {@code t[from..to)} and {@code v[from..to)} and allocates nothing.
 */
public final class WindowMath {
    private WindowMath() {
    }

    /**
     * {@code rate}, {@code increase} and {@code delta}: the difference between the last and first sample
     * (counter resets added back for counters), extrapolated towards the window's edges as Prometheus'
     * {@code extrapolatedRate}: by the distance to an edge when it is below 1.1 average sample intervals (for a
     * counter, never past the point where it would have been zero), else by half an interval.
     * <p>
     * Computed in milliseconds with two divisions where Prometheus divides each duration by 1000 first: the
     * result equals Prometheus' to a few units in the last place (divisions dominate the cost of a step).
     *
     * @param resetSums        running sums of the counter-reset corrections (see
     *                         {@code SampleWindow.resetSums()}), or null to sum the window's resets here.
     * @param rangeStartMillis start of the window.
     * @param rangeEndMillis   end of the window.
     * @param rangeMillis      length of the selector's range (the divisor of {@code rate}).
     * @return the value; callers check for at least two samples first.
     */
    public static double extrapolatedRate(final long[] t, final double[] v, final double[] resetSums, final int from,
        final int to, final long rangeStartMillis, final long rangeEndMillis, final long rangeMillis,
        final boolean isCounter, final boolean isRate) {
        final int last = to - 1;
        final double first = v[from];
        double result = v[last] - first;
        if (isCounter) {
            if (resetSums != null && Double.isFinite(resetSums[last])) {
                result += resetSums[last] - resetSums[from];
            } else {
                // No running sums, or they ran into an infinity (then sum this window's corrections alone).
                double prev = first;
                for (int i = from + 1; i < to; i++) {
                    final double current = v[i];
                    result += current < prev ? prev : 0.0;
                    prev = current;
                }
            }
        }
        double toStart = t[from] - rangeStartMillis;
        final double toEnd = rangeEndMillis - t[last];
        final double sampled = t[last] - t[from];
        final int intervals = to - from - 1;
        // toZero = sampled * first / result < toStart, without a division in the common case.
        if (isCounter && result > 0 && first >= 0 && sampled * first < toStart * result) {
            toStart = sampled * (first / result);
        }
        // An edge closer than 1.1 average intervals extrapolates to it, else by half an interval; the average
        // (a division) is needed only in the second case.
        final double scaledThreshold = sampled * 1.1;
        double extrapolated = sampled;
        extrapolated += toStart * intervals < scaledThreshold ? toStart : sampled / intervals / 2;
        extrapolated += toEnd * intervals < scaledThreshold ? toEnd : sampled / intervals / 2;
        if (isRate) {
            return result * extrapolated / (sampled * (rangeMillis / 1000.0));
        }
        return result * extrapolated / sampled;
    }

    /**
     * {@code irate} and {@code idelta} from the last two samples.
     *
     * @return the value, or NaN when the two samples have the same timestamp (no result).
     */
    public static double instantValue(final long[] t, final double[] v, final int to, final boolean isRate) {
        final double last = v[to - 1];
        final double previous = v[to - 2];
        double result = isRate && last < previous ? last : last - previous;
        final long interval = t[to - 1] - t[to - 2];
        if (interval == 0) {
            return Double.NaN;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        return result;
    }

    /**
     * Least-squares slope of the samples against time in seconds relative to {@code interceptMillis}; with
     * {@link #intercept}, Prometheus' {@code linearRegression} (compensated sums, a constant series gives slope 0).
     *
     * @param out {@code out[0]} = slope, {@code out[1]} = intercept.
     */
    public static void linearRegression(final long[] t, final double[] v, final int from, final int to,
        final long interceptMillis, final double[] out) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        final double initY = v[from];
        boolean constY = true;
        for (int i = from; i < to; i++) {
            final double y = v[i];
            if (constY && i > from && y != initY) {
                constY = false;
            }
            n += 1.0;
            final double x = (t[i] - interceptMillis) / 1e3;
            cX = KahanSum.compensation(x, sumX, cX);
            sumX += x;
            cY = KahanSum.compensation(y, sumY, cY);
            sumY += y;
            cXY = KahanSum.compensation(x * y, sumXY, cXY);
            sumXY += x * y;
            cX2 = KahanSum.compensation(x * x, sumX2, cX2);
            sumX2 += x * x;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                out[0] = Double.NaN;
                out[1] = Double.NaN;
            } else {
                out[0] = 0;
                out[1] = initY;
            }
            return;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        final double covXY = sumXY - sumX * sumY / n;
        final double varX = sumX2 - sumX * sumX / n;
        final double slope = covXY / varX;
        out[0] = slope;
        out[1] = sumY / n - slope * sumX / n;
    }

    /** {@code sum_over_time}: compensated sum. */
    public static double sum(final double[] v, final int from, final int to) {
        double sum = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            c = KahanSum.compensation(v[i], sum, c);
            sum += v[i];
        }
        return Double.isInfinite(sum) ? sum : sum + c;
    }

    /** {@code avg_over_time}: incremental mean with compensation, infinities kept. */
    public static double avg(final double[] v, final int from, final int to) {
        double mean = 0;
        double count = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            final double x = v[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(x) && (mean > 0) == (x > 0)) {
                    continue;
                }
                if (!Double.isInfinite(x) && !Double.isNaN(x)) {
                    continue;
                }
            }
            final double increment = x / count - mean / count;
            c = KahanSum.compensation(increment, mean, c);
            mean += increment;
        }
        return Double.isInfinite(mean) ? mean : mean + c;
    }

    /** {@code max_over_time}: NaN only if every sample is NaN. */
    public static double max(final double[] v, final int from, final int to) {
        double max = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] > max || Double.isNaN(max)) {
                max = v[i];
            }
        }
        return max;
    }

    /** {@code min_over_time}: NaN only if every sample is NaN. */
    public static double min(final double[] v, final int from, final int to) {
        double min = v[from];
        for (int i = from; i < to; i++) {
            if (v[i] < min || Double.isNaN(min)) {
                min = v[i];
            }
        }
        return min;
    }

    /** {@code stdvar_over_time}: compensated Welford variance (population). */
    public static double variance(final double[] v, final int from, final int to) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = from; i < to; i++) {
            count++;
            final double delta = v[i] - (mean + cMean);
            final double meanIncrement = delta / count;
            cMean = KahanSum.compensation(meanIncrement, mean, cMean);
            mean += meanIncrement;
            final double auxIncrement = delta * (v[i] - (mean + cMean));
            cAux = KahanSum.compensation(auxIncrement, aux, cAux);
            aux += auxIncrement;
        }
        return (aux + cAux) / count;
    }

    /** {@code changes}: how often the value changed (NaN to NaN is no change). */
    public static double changes(final double[] v, final int from, final int to) {
        int changes = 0;
        double prev = v[from];
        for (int i = from + 1; i < to; i++) {
            final double current = v[i];
            if (current != prev && !(Double.isNaN(current) && Double.isNaN(prev))) {
                changes++;
            }
            prev = current;
        }
        return changes;
    }

    /** {@code resets}: how often the value decreased. */
    public static double resets(final double[] v, final int from, final int to) {
        int resets = 0;
        double prev = v[from];
        for (int i = from + 1; i < to; i++) {
            final double current = v[i];
            if (current < prev) {
                resets++;
            }
            prev = current;
        }
        return resets;
    }

    /**
     * {@code holt_winters}: double exponential smoothing.
     *
     * @return the smoothed value; callers check for at least two samples and valid factors.
     */
    public static double holtWinters(final double[] v, final int from, final int to, final double sf,
        final double tf) {
        double s0 = 0;
        double s1 = v[from];
        double b = v[from + 1] - v[from];
        for (int i = from + 1; i < to; i++) {
            final double x = sf * v[i];
            if (i - from - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            final double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }
}
