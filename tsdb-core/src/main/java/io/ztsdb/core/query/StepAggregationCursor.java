// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SampleCursor;

/**
 * Reduces a time-ordered {@link SampleCursor} to one sample per step bucket; see {@link Aggregation} for the
 * bucket alignment and each function. Reusable through {@link #reset}; allocates nothing per sample.
 */
public final class StepAggregationCursor implements SampleCursor {
    private SampleCursor source;
    private long stepMillis;
    private Aggregation aggregation;

    private boolean hasPending;
    private long pendingTimestamp;
    private double pendingValue;

    /** Last sample before the current bucket, the base of {@link Aggregation#RATE}. */
    private boolean hasPrevious;
    private long previousTimestamp;
    private double previousValue;

    private long timestamp;
    private double value;

    /** Creates a cursor to {@link #reset} before use. */
    public StepAggregationCursor() {
    }

    /**
     * Starts over on a new source; the source is closed by {@link #close()}.
     *
     * @param source      samples in time order, already limited to the query's time range.
     * @param stepMillis  bucket width, > 0.
     * @param aggregation the reduction.
     * @return this.
     */
    public StepAggregationCursor reset(final SampleCursor source, final long stepMillis,
        final Aggregation aggregation) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive: stepMillis=" + stepMillis);
        }
        this.source = source;
        this.stepMillis = stepMillis;
        this.aggregation = aggregation;
        this.hasPending = false;
        this.hasPrevious = false;
        return this;
    }

    /**
     * @param startMillis query start.
     * @param endMillis   query end, inclusive.
     * @param stepMillis  bucket width, > 0.
     * @return how many buckets {@code [start, end]} spans: the most points one series can yield.
     */
    public static long bucketCount(final long startMillis, final long endMillis, final long stepMillis) {
        if (endMillis < startMillis) {
            return 0;
        }
        return Math.floorDiv(endMillis, stepMillis) - Math.floorDiv(startMillis, stepMillis) + 1;
    }

    @Override
    public boolean next() {
        while (true) {
            if (!hasPending) {
                if (!source.next()) {
                    return false;
                }
                pendingTimestamp = source.timestampMillis();
                pendingValue = source.value();
            }
            hasPending = false;
            if (reduceBucket()) {
                return true;
            }
        }
    }

    /** Consumes the bucket of the pending sample; false when it yields no point (a rate with no span). */
    private boolean reduceBucket() {
        final long bucket = Math.floorDiv(pendingTimestamp, stepMillis);
        long firstTs = pendingTimestamp;
        long lastTs = pendingTimestamp;
        double last = pendingValue;
        double sum = pendingValue;
        double min = pendingValue;
        double max = pendingValue;
        long count = 1;
        double increase = 0;
        if (hasPrevious) {
            firstTs = previousTimestamp;
            increase = counterIncrease(previousValue, pendingValue);
        }
        while (source.next()) {
            final long ts = source.timestampMillis();
            final double v = source.value();
            if (Math.floorDiv(ts, stepMillis) != bucket) {
                hasPending = true;
                pendingTimestamp = ts;
                pendingValue = v;
                break;
            }
            increase += counterIncrease(last, v);
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            count++;
            last = v;
            lastTs = ts;
        }
        hasPrevious = true;
        previousTimestamp = lastTs;
        previousValue = last;
        timestamp = bucket * stepMillis;
        switch (aggregation) {
            case AVG -> value = sum / count;
            case MIN -> value = min;
            case MAX -> value = max;
            case SUM -> value = sum;
            case COUNT -> value = count;
            case LAST -> value = last;
            case RATE -> {
                if (lastTs == firstTs) {
                    return false;
                }
                value = increase * 1000.0 / (lastTs - firstTs);
            }
            default -> throw new IllegalStateException("aggregation=" + aggregation);
        }
        return true;
    }

    /** A drop is a counter reset: the counter restarted from zero, so the new value is the increase. */
    private static double counterIncrease(final double previous, final double current) {
        if (current >= previous) {
            return current - previous;
        }
        return current < previous ? current : Double.NaN;
    }

    @Override
    public long timestampMillis() {
        return timestamp;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void close() {
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
