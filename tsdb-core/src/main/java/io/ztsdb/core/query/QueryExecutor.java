// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.Aggregation;
import io.ztsdb.core.Labels;
import io.ztsdb.core.QueryLimitException;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.series.RegisteredSeries;
import io.ztsdb.core.series.SeriesCatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs range queries over series chosen by id or by selector: resolves the series through the
 * {@link SeriesCatalog}, checks the max-points limit before any sample is returned, and reduces samples by
 * step with a {@link StepAggregationCursor}.
 * <p>
 * <b>Design note:</b> the storage is reached only through {@link SampleSource}, so the query layer does not
 * know how the head, the WAL or the blocks store samples; the time range is pushed down to the source.
 */
public final class QueryExecutor {
    /** Where samples come from: the storage engine. */
    @FunctionalInterface
    public interface SampleSource {
        /**
         * @return the samples of a series with {@code start <= timestamp <= end}, in time order.
         */
        SampleCursor read(long seriesId, long startMillis, long endMillis);
    }

    private final SeriesCatalog catalog;
    private final SampleSource source;

    /**
     * @param catalog the named series.
     * @param source  the samples.
     */
    public QueryExecutor(final SeriesCatalog catalog, final SampleSource source) {
        this.catalog = catalog;
        this.source = source;
    }

    /**
     * Queries the series a selector chooses.
     *
     * @param selector    the selector.
     * @param startMillis range start, inclusive.
     * @param endMillis   range end, inclusive.
     * @param stepMillis  bucket width (0: one bucket for the range); ignored without aggregation.
     * @param aggregation the reduction per bucket, or null for raw samples.
     * @param maxPoints   most points the result may hold.
     * @return the series and their samples.
     * @throws QueryLimitException when the result would hold more than {@code maxPoints} points.
     * @throws IllegalArgumentException when {@code start > end} or the step is negative.
     */
    public SeriesCursor query(final SeriesSelector selector, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation, final long maxPoints) {
        checkArguments(startMillis, endMillis, stepMillis, aggregation);
        final List<RegisteredSeries> series = catalog.select(selector);
        final long[] ids = new long[series.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = series.get(i).seriesId();
        }
        checkLimit(ids, startMillis, endMillis, stepMillis, aggregation, maxPoints);
        return new ResultCursor(ids, series, startMillis, endMillis, stepMillis, aggregation);
    }

    /**
     * Queries series by id, named or raw.
     *
     * @param seriesIds the series, in the order of the result.
     * @see #query(SeriesSelector, long, long, long, Aggregation, long)
     */
    public SeriesCursor query(final long[] seriesIds, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation, final long maxPoints) {
        checkArguments(startMillis, endMillis, stepMillis, aggregation);
        final long[] ids = seriesIds.clone();
        checkLimit(ids, startMillis, endMillis, stepMillis, aggregation, maxPoints);
        final List<RegisteredSeries> named = new ArrayList<>(ids.length);
        for (final long id : ids) {
            named.add(catalog.find(id));
        }
        return new ResultCursor(ids, named, startMillis, endMillis, stepMillis, aggregation);
    }

    /**
     * Opens the (aggregated) samples of one series; no limit check.
     *
     * @return the samples.
     */
    public SampleCursor samples(final long seriesId, final long startMillis, final long endMillis,
        final long stepMillis, final Aggregation aggregation) {
        checkArguments(startMillis, endMillis, stepMillis, aggregation);
        final SampleCursor raw = source.read(seriesId, startMillis, endMillis);
        return aggregation == null ? raw :
            new StepAggregationCursor().reset(raw, startMillis, stepMillis, aggregation);
    }

    private static void checkArguments(final long startMillis, final long endMillis, final long stepMillis,
        final Aggregation aggregation) {
        if (startMillis > endMillis) {
            throw new IllegalArgumentException("start must not be after end: start=" + startMillis + ", end=" +
                endMillis);
        }
        if (stepMillis < 0) {
            throw new IllegalArgumentException("step must not be negative: step=" + stepMillis);
        }
        if (aggregation == null && stepMillis != 0) {
            throw new IllegalArgumentException("a step needs an aggregation: step=" + stepMillis);
        }
    }

    private void checkLimit(final long[] ids, final long startMillis, final long endMillis, final long stepMillis,
        final Aggregation aggregation, final long maxPoints) {
        if (aggregation != null) {
            final long perSeries = StepAggregationCursor.bucketCount(startMillis, endMillis, stepMillis);
            final long bound = ids.length == 0 ? 0 : Math.multiplyHigh(perSeries, ids.length) != 0 ?
                Long.MAX_VALUE : perSeries * ids.length;
            // The bucket count bounds the result; only when that bound is over the limit are the non-empty
            // buckets counted (sparse data over a long range with a small step).
            if (bound > maxPoints) {
                final long points = countPoints(ids, startMillis, endMillis, maxPoints, stepMillis);
                if (points > maxPoints) {
                    throw new QueryLimitException(points, maxPoints);
                }
            }
            return;
        }
        // Raw samples are counted (decoding is cheap next to sending them), stopping past the limit.
        final long points = countPoints(ids, startMillis, endMillis, maxPoints, -1);
        if (points > maxPoints) {
            throw new QueryLimitException(points, maxPoints);
        }
    }

    /**
     * Counts the points the query yields: samples when {@code stepMillis < 0} (raw), else non-empty buckets;
     * stops as soon as the total passes {@code maxPoints}.
     */
    private long countPoints(final long[] ids, final long startMillis, final long endMillis, final long maxPoints,
        final long stepMillis) {
        long total = 0;
        for (final long id : ids) {
            long lastBucket = -1;
            try (SampleCursor cursor = source.read(id, startMillis, endMillis)) {
                while (cursor.next()) {
                    if (stepMillis > 0) {
                        final long bucket = Long.divideUnsigned(cursor.timestampMillis() - startMillis, stepMillis);
                        if (bucket == lastBucket) {
                            continue;
                        }
                        lastBucket = bucket;
                    } else if (stepMillis == 0) {
                        // One bucket for the whole range: this series yields one point.
                        if (++total > maxPoints) {
                            return total;
                        }
                        break;
                    }
                    if (++total > maxPoints) {
                        return total;
                    }
                }
            }
        }
        return total;
    }

    private final class ResultCursor implements SeriesCursor {
        private final long[] ids;
        private final List<RegisteredSeries> named;
        private final long startMillis;
        private final long endMillis;
        private final long stepMillis;
        private final Aggregation aggregation;
        private final StepAggregationCursor aggregator = new StepAggregationCursor();
        private SampleCursor current;
        private int index = -1;

        ResultCursor(final long[] ids, final List<RegisteredSeries> named, final long startMillis,
            final long endMillis, final long stepMillis, final Aggregation aggregation) {
            this.ids = ids;
            this.named = named;
            this.startMillis = startMillis;
            this.endMillis = endMillis;
            this.stepMillis = stepMillis;
            this.aggregation = aggregation;
        }

        @Override
        public boolean next() {
            closeCurrent();
            if (index + 1 >= ids.length) {
                index = ids.length;
                return false;
            }
            index++;
            return true;
        }

        @Override
        public long seriesId() {
            return ids[index];
        }

        @Override
        public String metric() {
            final RegisteredSeries series = named.get(index);
            return series == null ? null : series.metric();
        }

        @Override
        public Labels labels() {
            final RegisteredSeries series = named.get(index);
            return series == null ? Labels.empty() : series.labels();
        }

        @Override
        public SampleCursor samples() {
            if (current == null) {
                final SampleCursor raw = source.read(ids[index], startMillis, endMillis);
                current = aggregation == null ? raw : aggregator.reset(raw, startMillis, stepMillis, aggregation);
            }
            return current;
        }

        @Override
        public int seriesCount() {
            return ids.length;
        }

        @Override
        public void close() {
            closeCurrent();
            index = ids.length;
        }

        private void closeCurrent() {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
