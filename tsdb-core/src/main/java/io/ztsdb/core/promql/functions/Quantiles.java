// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

import java.util.Arrays;

/**
 * Prometheus' {@code quantile} (for {@code quantile} and {@code quantile_over_time}) and {@code bucketQuantile}
 * (for {@code histogram_quantile} over classic {@code le} buckets).
 */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The φ-quantile of {@code values[0..count)}, interpolating between the two nearest ranks; sorts the values.
     *
     * @return NaN for no values or a NaN φ, -Inf for φ &lt; 0, +Inf for φ &gt; 1.
     */
    public static double quantile(final double q, final double[] values, final int count) {
        if (count == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, count);
        final double n = count;
        final double rank = q * (n - 1);
        final double lowerIndex = Math.max(0, Math.floor(rank));
        final double upperIndex = Math.min(n - 1, lowerIndex + 1);
        final double weight = rank - Math.floor(rank);
        return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
    }

    /** Ascending, NaN first: the order Prometheus' sort of a value heap gives (NaN is "less" than any value). */
    private static void sortNaNFirst(final double[] values, final int count) {
        Arrays.sort(values, 0, count);
        int nans = 0;
        for (int i = count - 1; i >= 0 && Double.isNaN(values[i]); i--) {
            nans++;
        }
        if (nans > 0) {
            System.arraycopy(values, 0, values, nans, count - nans);
            Arrays.fill(values, 0, nans, Double.NaN);
        }
    }

    /**
     * The φ-quantile of a classic histogram.
     *
     * @param upperBounds bucket upper bounds ({@code le}), any order; sorted with {@code counts} in place.
     * @param counts      cumulative counts per bucket.
     * @param count       number of buckets.
     * @return the quantile, NaN when the buckets do not allow one (no +Inf bucket, fewer than two, no
     *     observations).
     */
    public static double bucketQuantile(final double q, final double[] upperBounds, final double[] counts,
        final int count) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortByBound(upperBounds, counts, count);
        if (upperBounds[count - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        final int n = coalesce(upperBounds, counts, count);
        ensureMonotonic(counts, n);
        if (n < 2) {
            return Double.NaN;
        }
        final double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && !(counts[b] >= rank)) {
            b++;
        }
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        final double bucketEnd = upperBounds[b];
        double bucketCount = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            bucketCount -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / bucketCount);
    }

    private static void sortByBound(final double[] bounds, final double[] counts, final int count) {
        for (int i = 1; i < count; i++) {
            final double bound = bounds[i];
            final double c = counts[i];
            int j = i - 1;
            while (j >= 0 && bounds[j] > bound) {
                bounds[j + 1] = bounds[j];
                counts[j + 1] = counts[j];
                j--;
            }
            bounds[j + 1] = bound;
            counts[j + 1] = c;
        }
    }

    /** Merges buckets with the same upper bound (summing counts); returns the new count. */
    private static int coalesce(final double[] bounds, final double[] counts, final int count) {
        int last = 0;
        for (int i = 1; i < count; i++) {
            if (bounds[i] == bounds[last]) {
                counts[last] += counts[i];
            } else {
                last++;
                bounds[last] = bounds[i];
                counts[last] = counts[i];
            }
        }
        return last + 1;
    }

    private static void ensureMonotonic(final double[] counts, final int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            if (counts[i] > max) {
                max = counts[i];
            } else if (counts[i] < max) {
                counts[i] = max;
            }
        }
    }
}
