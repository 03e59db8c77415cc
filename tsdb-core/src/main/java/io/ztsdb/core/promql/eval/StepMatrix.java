// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * An instant vector over a grid, held whole: its series in evaluation order.
 */
public final class StepMatrix {
    private final int steps;
    private final List<StepSeries> series;

    /**
     * @param steps  number of steps.
     * @param series the series, kept.
     */
    public StepMatrix(final int steps, final List<StepSeries> series) {
        this.steps = steps;
        this.series = series;
    }

    /**
     * Reads a stream to its end, copying each series, and counts the samples now held against the query's limit.
     */
    public static StepMatrix of(final EvalContext ctx, final int steps, final SeriesStream stream) {
        if (stream instanceof MatrixStream matrixStream && matrixStream.isUnread()) {
            return matrixStream.matrix();
        }
        final List<StepSeries> series = new ArrayList<>();
        for (StepSeries s = stream.next(); s != null; s = stream.next()) {
            final int count = s.count();
            if (count > 0) {
                ctx.addSamples(count);
                series.add(s.copy());
            }
        }
        return new StepMatrix(steps, series);
    }

    /** @return number of steps. */
    public int steps() {
        return steps;
    }

    /** @return the series. */
    public List<StepSeries> series() {
        return series;
    }

    /** @return a stream over the series, without copying them. */
    public SeriesStream stream() {
        return new MatrixStream(this);
    }

    /** A stream over a held matrix; {@link StepMatrix#of} takes the matrix back without copying. */
    private static final class MatrixStream implements SeriesStream {
        private final StepMatrix matrix;
        private int index;

        MatrixStream(final StepMatrix matrix) {
            this.matrix = matrix;
        }

        boolean isUnread() {
            return index == 0;
        }

        StepMatrix matrix() {
            index = matrix.series.size();
            return matrix;
        }

        @Override
        public StepSeries next() {
            return index < matrix.series.size() ? matrix.series.get(index++) : null;
        }
    }
}
