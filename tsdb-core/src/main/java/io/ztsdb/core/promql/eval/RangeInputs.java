// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.AtModifier;
import io.ztsdb.core.promql.ast.Matcher;
import io.ztsdb.core.promql.storage.SourceSeries;

import java.util.List;

/**
 * The series of a range vector (a matrix selector or a subquery) with what a range window needs: the range, the
 * offset and {@code @} of the selection, and a cursor over each series' samples.
 */
abstract class RangeInputs {
    final long rangeMillis;
    final long offsetMillis;
    final AtModifier at;

    RangeInputs(final long rangeMillis, final long offsetMillis, final AtModifier at) {
        this.rangeMillis = rangeMillis;
        this.offsetMillis = offsetMillis;
        this.at = at;
    }

    abstract int size();

    abstract LabelSet labels(int index);

    /**
     * @param reuse a cursor this method returned before and that is no longer read, or null.
     * @return the samples of series {@code index}.
     */
    abstract SampleCursor open(int index, SampleCursor reuse);

    /** @return the matchers of the selector, for {@code absent_over_time}; empty for a subquery. */
    abstract List<Matcher> matchers();

    /** A matrix selector: series from the storage. */
    static final class Stored extends RangeInputs {
        private final EvalContext ctx;
        private final List<SourceSeries> series;
        private final List<Matcher> matchers;
        private final long minMillis;
        private final long maxMillis;

        Stored(final EvalContext ctx, final List<Matcher> matchers, final long rangeMillis, final long offsetMillis,
            final AtModifier at, final long minRefMillis, final long maxRefMillis) {
            super(rangeMillis, offsetMillis, at);
            this.ctx = ctx;
            this.matchers = matchers;
            this.minMillis = minRefMillis - rangeMillis;
            this.maxMillis = maxRefMillis;
            this.series = ctx.source().select(matchers, minMillis, maxMillis);
        }

        @Override
        int size() {
            return series.size();
        }

        @Override
        LabelSet labels(final int index) {
            return series.get(index).labels();
        }

        @Override
        SampleCursor open(final int index, final SampleCursor reuse) {
            return ctx.source().read(series.get(index).id(), minMillis, maxMillis, reuse);
        }

        @Override
        List<Matcher> matchers() {
            return matchers;
        }
    }

    /** A subquery: the inner expression evaluated over its own grid. */
    static final class Subquery extends RangeInputs {
        private final StepMatrix matrix;
        private final StepGrid grid;

        Subquery(final StepMatrix matrix, final StepGrid grid, final long rangeMillis, final long offsetMillis,
            final AtModifier at) {
            super(rangeMillis, offsetMillis, at);
            this.matrix = matrix;
            this.grid = grid;
        }

        StepMatrix matrix() {
            return matrix;
        }

        StepGrid grid() {
            return grid;
        }

        @Override
        int size() {
            return matrix.series().size();
        }

        @Override
        LabelSet labels(final int index) {
            return matrix.series().get(index).labels();
        }

        @Override
        SampleCursor open(final int index, final SampleCursor reuse) {
            final StepSeries series = matrix.series().get(index);
            return new SampleCursor() {
                private int step = -1;

                @Override
                public boolean next() {
                    if (step == Integer.MAX_VALUE) {
                        return false;
                    }
                    step = series.nextPresent(step + 1);
                    if (step < 0) {
                        step = Integer.MAX_VALUE;
                        return false;
                    }
                    return true;
                }

                @Override
                public long timestampMillis() {
                    return grid.time(step);
                }

                @Override
                public double value() {
                    return series.value(step);
                }

                @Override
                public void close() {
                    step = Integer.MAX_VALUE;
                }
            };
        }

        @Override
        List<Matcher> matchers() {
            return List.of();
        }
    }
}
