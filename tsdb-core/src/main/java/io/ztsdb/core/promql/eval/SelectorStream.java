// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.promql.ast.VectorSelector;
import io.ztsdb.core.promql.storage.SourceSeries;

import java.util.List;

/**
 * An instant vector selector over a grid: at each step, the newest sample of each series no older than the
 * lookback (5m) before the step (minus the offset, or at the {@code @} time), unless that sample is a stale
 * marker. Reads each series once, in time order, with the time range pushed down to the storage.
 */
final class SelectorStream implements SplittableStream {
    private final EvalContext ctx;
    private final StepGrid grid;
    private final boolean timestamps;
    private final long offsetMillis;
    private final boolean fixed;
    private final long fixedRefMillis;
    private final long minMillis;
    private final long maxMillis;
    private final List<SourceSeries> series;
    private final StepSeries buffer;
    private SampleCursor cursor;
    private int index;
    private int end;

    /**
     * @param timestamps true to yield the timestamps of the selected samples in seconds (for {@code timestamp()})
     *                   instead of their values.
     */
    SelectorStream(final EvalContext ctx, final VectorSelector selector, final StepGrid grid,
        final boolean timestamps) {
        this.ctx = ctx;
        this.grid = grid;
        this.timestamps = timestamps;
        this.offsetMillis = selector.offsetMillis();
        this.fixed = selector.at().isSet();
        this.fixedRefMillis = selector.at().resolve(ctx.queryStartMillis(), ctx.queryEndMillis(), 0) - offsetMillis;
        final long firstRef = fixed ? fixedRefMillis : grid.startMillis() - offsetMillis;
        this.maxMillis = fixed ? fixedRefMillis : grid.lastTime() - offsetMillis;
        this.minMillis = firstRef - ctx.lookbackMillis();
        this.series = ctx.source().select(selector.allMatchers(), minMillis, maxMillis);
        this.buffer = new StepSeries(null, grid.count());
        this.end = series.size();
    }

    private SelectorStream(final SelectorStream whole, final int from, final int to) {
        this.ctx = whole.ctx;
        this.grid = whole.grid;
        this.timestamps = whole.timestamps;
        this.offsetMillis = whole.offsetMillis;
        this.fixed = whole.fixed;
        this.fixedRefMillis = whole.fixedRefMillis;
        this.minMillis = whole.minMillis;
        this.maxMillis = whole.maxMillis;
        this.series = whole.series;
        this.buffer = new StepSeries(null, grid.count());
        this.index = from;
        this.end = to;
    }

    @Override
    public int remaining() {
        return end - index;
    }

    @Override
    public SeriesStream[] split(final int parts) {
        final SeriesStream[] result = new SeriesStream[parts];
        for (int p = 0; p < parts; p++) {
            result[p] = new SelectorStream(this, SplittableStream.bound(index, end, p, parts),
                SplittableStream.bound(index, end, p + 1, parts));
        }
        index = end;
        return result;
    }

    /** @return the series selected (before looking at their samples). */
    List<SourceSeries> series() {
        return series;
    }

    @Override
    public StepSeries next() {
        while (index < end) {
            final SourceSeries s = series.get(index++);
            ctx.checkInterrupt();
            buffer.clearAll();
            buffer.labels(s.labels());
            cursor = ctx.source().read(s.id(), minMillis, maxMillis, cursor);
            try {
                if (fixed) {
                    fillFixed(cursor);
                } else {
                    fill(cursor);
                }
            } finally {
                cursor.close();
            }
            if (!buffer.isEmpty()) {
                return buffer;
            }
        }
        return null;
    }

    private void fill(final SampleCursor cursor) {
        final long lookback = ctx.lookbackMillis();
        final int steps = grid.count();
        boolean has = false;
        long lastTime = 0;
        double lastValue = 0;
        boolean pending = false;
        long pendingTime = 0;
        double pendingValue = 0;
        for (int i = 0; i < steps; i++) {
            final long ref = grid.time(i) - offsetMillis;
            while (true) {
                if (!pending) {
                    if (!cursor.next()) {
                        break;
                    }
                    pendingTime = cursor.timestampMillis();
                    pendingValue = cursor.value();
                    pending = true;
                }
                if (pendingTime > ref) {
                    break;
                }
                has = true;
                lastTime = pendingTime;
                lastValue = pendingValue;
                pending = false;
            }
            if (has && lastTime >= ref - lookback && !StaleNaN.isStale(lastValue)) {
                buffer.set(i, timestamps ? lastTime / 1000.0 : lastValue);
            }
        }
    }

    private void fillFixed(final SampleCursor cursor) {
        boolean has = false;
        long lastTime = 0;
        double lastValue = 0;
        while (cursor.next()) {
            if (cursor.timestampMillis() > fixedRefMillis) {
                break;
            }
            has = true;
            lastTime = cursor.timestampMillis();
            lastValue = cursor.value();
        }
        if (has && lastTime >= fixedRefMillis - ctx.lookbackMillis() && !StaleNaN.isStale(lastValue)) {
            final double value = timestamps ? lastTime / 1000.0 : lastValue;
            for (int i = 0; i < grid.count(); i++) {
                buffer.set(i, value);
            }
        }
    }
}
