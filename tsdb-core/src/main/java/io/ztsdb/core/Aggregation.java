// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.Locale;

/**
 * How the samples of one step bucket are reduced to one value.
 * <p>
 * Buckets start at the query's start: bucket {@code k} holds the samples with
 * {@code start + k * step <= timestamp < start + (k + 1) * step}, clipped to the query's inclusive end, and
 * its result is stamped {@code start + k * step}. A step of 0 makes one bucket of the whole range, stamped
 * {@code start}. Buckets without samples produce no point. NaN values propagate through {@link #AVG},
 * {@link #MIN}, {@link #MAX}, {@link #SUM} and {@link #RATE} as IEEE arithmetic does.
 */
public enum Aggregation {
    /** Arithmetic mean of the values. */
    AVG,
    /** Smallest value. */
    MIN,
    /** Largest value. */
    MAX,
    /** Sum of the values. */
    SUM,
    /** Number of samples. */
    COUNT,
    /** Value of the newest sample. */
    LAST,
    /**
     * Per-second rate of increase of a counter between the first and the last sample of the bucket: the sum
     * of the increases between consecutive samples divided by the time from the first to the last sample, in
     * seconds, without extrapolation. A decrease is a counter reset (the counter restarted from zero), so the
     * new value counts as the increase, as in Prometheus. A bucket with fewer than two samples produces no
     * point.
     */
    RATE;

    /**
     * Parses an aggregation name.
     *
     * @param name the name in any case: {@code avg}, {@code min}, {@code max}, {@code sum}, {@code count},
     *             {@code last}, {@code rate}.
     * @return the aggregation.
     * @throws IllegalArgumentException for an unknown name, listing the known ones.
     */
    public static Aggregation parse(final String name) {
        if (name != null) {
            for (final Aggregation a : values()) {
                if (a.name().equalsIgnoreCase(name)) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("unknown aggregation: agg=" + name + " (expected one of " +
            "avg, min, max, sum, count, last, rate)");
    }

    /** {@return the lower-case name used in query strings} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
