// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import java.util.List;

/**
 * The value of a PromQL query, shaped like Prometheus' result: a scalar, a string, a vector (one sample per
 * series, at the query time) or a matrix (samples per series).
 */
public final class QueryResult {
    private final ValueType type;
    private final List<Series> series;
    private final long timeMillis;
    private final double scalar;
    private final String string;

    private QueryResult(final ValueType type, final List<Series> series, final long timeMillis, final double scalar,
        final String string) {
        this.type = type;
        this.series = series;
        this.timeMillis = timeMillis;
        this.scalar = scalar;
        this.string = string;
    }

    /** @return a scalar result. */
    public static QueryResult scalar(final long timeMillis, final double value) {
        return new QueryResult(ValueType.SCALAR, List.of(), timeMillis, value, null);
    }

    /** @return a string result. */
    public static QueryResult string(final long timeMillis, final String value) {
        return new QueryResult(ValueType.STRING, List.of(), timeMillis, Double.NaN, value);
    }

    /** @return a vector result: each series has one sample. */
    public static QueryResult vector(final long timeMillis, final List<Series> series) {
        return new QueryResult(ValueType.VECTOR, List.copyOf(series), timeMillis, Double.NaN, null);
    }

    /** @return a matrix result. */
    public static QueryResult matrix(final List<Series> series) {
        return new QueryResult(ValueType.MATRIX, List.copyOf(series), 0, Double.NaN, null);
    }

    /** @return the type: scalar, string, vector or matrix. */
    public ValueType type() {
        return type;
    }

    /** @return the series of a vector or matrix; empty otherwise. */
    public List<Series> series() {
        return series;
    }

    /** @return the time of a scalar, string or vector result. */
    public long timeMillis() {
        return timeMillis;
    }

    /** @return the value of a scalar result. */
    public double scalarValue() {
        return scalar;
    }

    /** @return the value of a string result. */
    public String stringValue() {
        return string;
    }

    /**
     * One series of a result: its labels and its samples in time order.
     */
    public static final class Series {
        private final LabelSet labels;
        private final long[] timestamps;
        private final double[] values;
        private final int size;

        /**
         * @param labels     the labels.
         * @param timestamps sample times, kept.
         * @param values     sample values, kept.
         * @param size       number of samples in the arrays.
         */
        public Series(final LabelSet labels, final long[] timestamps, final double[] values, final int size) {
            this.labels = labels;
            this.timestamps = timestamps;
            this.values = values;
            this.size = size;
        }

        /** @return the labels, {@code __name__} included where kept. */
        public LabelSet labels() {
            return labels;
        }

        /** @return number of samples. */
        public int size() {
            return size;
        }

        /** @return time of sample {@code i}, in milliseconds. */
        public long timestampMillis(final int i) {
            return timestamps[i];
        }

        /** @return value of sample {@code i}. */
        public double value(final int i) {
            return values[i];
        }
    }
}
