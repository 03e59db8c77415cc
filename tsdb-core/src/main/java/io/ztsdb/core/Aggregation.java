// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.Locale;

/**
 * How the samples of one step bucket are reduced to one value.
 * <p>
 * Buckets are aligned to multiples of the step since the epoch: bucket {@code k} holds samples with
 * {@code k * step <= timestamp < (k + 1) * step} (and inside the query's {@code [start, end]}); its result
 * is stamped with the bucket start. Buckets without samples produce no point. NaN values propagate through
 * {@link #AVG}, {@link #MIN}, {@link #MAX}, {@link #SUM} and {@link #RATE} as IEEE arithmetic does.
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
     * Per-second rate of increase of a counter: the increase over consecutive samples, from the sample just
     * before the bucket's first one (when the query range has one) to the bucket's last sample, divided by the
     * time between those two samples in seconds. A decrease is a counter reset: the new value counts as the
     * increase since the reset. A bucket whose samples span no time (a single sample with no predecessor)
     * produces no point.
     */
    RATE;

    /**
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

    /** @return the lower-case name used in query strings. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
