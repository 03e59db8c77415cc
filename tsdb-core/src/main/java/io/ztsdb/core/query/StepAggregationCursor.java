// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.SampleCursor;

/**
 * Reduces a time-ordered {@link SampleCursor} to one sample per step bucket; see {@link Aggregation} for the
 * bucket alignment (from the query start) and each function. Reusable through {@link #reset}; allocates
 * nothing per sample.
 */
public final class StepAggregationCursor implements SampleCursor {
    private SampleCursor source;
    private long startMillis;
    private long stepMillis;
    private Aggregation aggregation;

    private boolean hasPending;
    private long pendingTimestamp;
    private double pendingValue;

    private long timestamp;
    private double value;

    /** Creates a cursor to {@link #reset} before use. */
    public StepAggregationCursor() {
    }

    /**
     * Starts over on a new source; the source is closed by {@link #close()}.
     *
     * @param source      samples in time order, none before {@code startMillis} (already limited to the
     *                    query's time range).
     * @param startMillis query start: the first bucket starts here.
     * @param stepMillis  bucket width, >= 0; 0 makes one bucket of the whole range.
     * @param aggregation the reduction.
     * @return this.
     */
    public StepAggregationCursor reset(final SampleCursor source, final long startMillis, final long stepMillis,
        final Aggregation aggregation) {
        if (stepMillis < 0) {
            throw new IllegalArgumentException("step must not be negative: stepMillis=" + stepMillis);
        }
        this.source = source;
        this.startMillis = startMillis;
        this.stepMillis = stepMillis;
        this.aggregation = aggregation;
        this.hasPending = false;
        return this;
    }

    /**
     * @param startMillis query start.
     * @param endMillis   query end, inclusive.
     * @param stepMillis  bucket width, >= 0 (0: one bucket).
     * @return how many buckets {@code [start, end]} spans: the most points one series can yield.
     */
    public static long bucketCount(final long startMillis, final long endMillis, final long stepMillis) {
        if (endMillis < startMillis) {
            return 0;
        }
        if (stepMillis == 0) {
            return 1;
        }
        // end - start may exceed Long.MAX_VALUE; as an unsigned difference it is exact.
        final long buckets = Long.divideUnsigned(endMillis - startMillis, stepMillis) + 1;
        return buckets <= 0 ? Long.MAX_VALUE : buckets;
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

    private long bucketOf(final long timestampMillis) {
        if (stepMillis == 0) {
            return 0;
        }
        return Long.divideUnsigned(timestampMillis - startMillis, stepMillis);
    }

    /** Consumes the bucket of the pending sample; false when it yields no point (a rate of one sample). */
    private boolean reduceBucket() {
        final long bucket = bucketOf(pendingTimestamp);
        final long firstTs = pendingTimestamp;
        long lastTs = pendingTimestamp;
        double last = pendingValue;
        double sum = pendingValue;
        double min = pendingValue;
        double max = pendingValue;
        long count = 1;
        double increase = 0;
        while (source.next()) {
            final long ts = source.timestampMillis();
            final double v = source.value();
            if (bucketOf(ts) != bucket) {
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
        timestamp = startMillis + bucket * stepMillis;
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
