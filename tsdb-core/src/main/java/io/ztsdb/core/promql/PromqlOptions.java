// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * Settings of a {@link PromqlEngine}, with Prometheus' defaults.
 *
 * @param lookbackMillis         how far back an instant selector looks for a sample ({@code
 *                               --query.lookback-delta}, 5m).
 * @param maxSamples             most samples one query may hold ({@code --query.max-samples}, 50 M).
 * @param timeoutMillis          longest evaluation when the query gives no timeout ({@code --query.timeout}, 2m).
 * @param subqueryStepMillis     step of a subquery that gives none (the global evaluation interval, 1m).
 * @param maxPointsPerSeries     most steps of a range query (11,000, as Prometheus' HTTP API).
 */
public record PromqlOptions(long lookbackMillis, long maxSamples, long timeoutMillis, long subqueryStepMillis,
    int maxPointsPerSeries) {

    /** Prometheus' defaults. */
    public static final PromqlOptions DEFAULTS = new PromqlOptions(300_000, 50_000_000, 120_000, 60_000, 11_000);

    /** Checks the values. */
    public PromqlOptions {
        if (lookbackMillis <= 0 || maxSamples <= 0 || timeoutMillis <= 0 || subqueryStepMillis <= 0 ||
            maxPointsPerSeries <= 0) {
            throw new IllegalArgumentException("PromQL options must be positive: " + lookbackMillis + ", " +
                maxSamples + ", " + timeoutMillis + ", " + subqueryStepMillis + ", " + maxPointsPerSeries);
        }
    }

    /**
     * {@return these options with another max-samples limit}
     *
     * @param newMaxSamples the limit.
     */
    public PromqlOptions withMaxSamples(final long newMaxSamples) {
        return new PromqlOptions(lookbackMillis, newMaxSamples, timeoutMillis, subqueryStepMillis,
            maxPointsPerSeries);
    }

    /**
     * {@return these options with another timeout}
     *
     * @param newTimeoutMillis the longest evaluation.
     */
    public PromqlOptions withTimeout(final long newTimeoutMillis) {
        return new PromqlOptions(lookbackMillis, maxSamples, newTimeoutMillis, subqueryStepMillis,
            maxPointsPerSeries);
    }
}
