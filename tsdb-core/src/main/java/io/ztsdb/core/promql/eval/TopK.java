// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.TokenType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topk} and {@code bottomk}: per group and step, the k series with the largest (smallest) values, chosen
 * with the same binary heap as Prometheus (Go's {@code container/heap}), so that ties and NaN resolve the same
 * way. The selected series keep all their labels.
 */
final class TopK {
    private TopK() {
    }

    static SeriesStream evaluate(final Evaluator evaluator, final EvalContext ctx, final AggregateExpr aggregate,
        final StepGrid grid) {
        final boolean top = aggregate.op() == TokenType.TOPK;
        final double[] param = evaluator.scalar(aggregate.param(), grid);
        final StepMatrix input = evaluator.matrix(aggregate.expr(), grid);
        final List<StepSeries> series = input.series();
        final Map<LabelSet, Integer> groupIds = new HashMap<>();
        final int[] groupOf = new int[series.size()];
        for (int s = 0; s < series.size(); s++) {
            final LabelSet key = AggregationEvaluator.groupLabels(aggregate, series.get(s).labels());
            groupOf[s] = groupIds.computeIfAbsent(key, k -> groupIds.size());
        }
        final int groups = groupIds.size();
        final StepSeries[] outputs = new StepSeries[series.size()];
        final int[][] heaps = new int[groups][];
        final int[] sizes = new int[groups];
        for (int i = 0; i < grid.count(); i++) {
            final double f = param[i];
            if (!(f <= 0x1p63 && f >= -0x1p63)) {
                throw EvalContext.executionError("Scalar value " + GoFloat.format(f) + " overflows int64");
            }
            final long k = (long) f;
            if (k < 1) {
                continue;
            }
            Arrays.fill(sizes, 0);
            for (int s = 0; s < series.size(); s++) {
                final StepSeries member = series.get(s);
                if (!member.isPresent(i)) {
                    continue;
                }
                final int g = groupOf[s];
                if (heaps[g] == null) {
                    heaps[g] = new int[(int) Math.min(k, Math.max(1, series.size()))];
                } else if (heaps[g].length < Math.min(k, series.size())) {
                    heaps[g] = Arrays.copyOf(heaps[g], (int) Math.min(k, series.size()));
                }
                offer(heaps[g], sizes, g, s, k, series, i, top);
            }
            for (int g = 0; g < groups; g++) {
                for (int h = 0; h < sizes[g]; h++) {
                    final int s = heaps[g][h];
                    if (outputs[s] == null) {
                        outputs[s] = new StepSeries(series.get(s).labels(), grid.count());
                    }
                    outputs[s].set(i, series.get(s).value(i));
                }
            }
            if ((i & 255) == 0) {
                ctx.checkInterrupt();
            }
        }
        final List<StepSeries> result = new ArrayList<>();
        for (final StepSeries out : outputs) {
            if (out != null) {
                result.add(out);
            }
        }
        return new StepMatrix(grid.count(), result).stream();
    }

    private static void offer(final int[] heap, final int[] sizes, final int g, final int s, final long k,
        final List<StepSeries> series, final int step, final boolean top) {
        final double value = series.get(s).value(step);
        final int size = sizes[g];
        if (size == 0) {
            heap[0] = s;
            sizes[g] = 1;
            return;
        }
        final double root = series.get(heap[0]).value(step);
        final boolean better = top ? root < value : root > value;
        if (size < k || better || Double.isNaN(root)) {
            if (size == k) {
                if (k == 1) {
                    heap[0] = s;
                    return;
                }
                // heap.Pop: swap the root with the last element, sift down, drop the last.
                swap(heap, 0, size - 1);
                down(heap, 0, size - 1, series, step, top);
                sizes[g] = size - 1;
            }
            // heap.Push: append, sift up.
            final int n = sizes[g];
            heap[n] = s;
            sizes[g] = n + 1;
            up(heap, n, series, step, top);
        }
    }

    /** Go's heap order: topk keeps the smallest on top (NaN smallest), bottomk the largest (NaN "largest"). */
    private static boolean less(final int[] heap, final int a, final int b, final List<StepSeries> series,
        final int step, final boolean top) {
        final double va = series.get(heap[a]).value(step);
        final double vb = series.get(heap[b]).value(step);
        if (Double.isNaN(va)) {
            return true;
        }
        return top ? va < vb : va > vb;
    }

    private static void up(final int[] heap, final int from, final List<StepSeries> series, final int step,
        final boolean top) {
        int j = from;
        while (true) {
            final int i = (j - 1) / 2;
            if (i == j || !less(heap, j, i, series, step, top)) {
                break;
            }
            swap(heap, i, j);
            j = i;
        }
    }

    private static void down(final int[] heap, final int from, final int n, final List<StepSeries> series,
        final int step, final boolean top) {
        int i = from;
        while (true) {
            final int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            final int j2 = j1 + 1;
            if (j2 < n && less(heap, j2, j1, series, step, top)) {
                j = j2;
            }
            if (!less(heap, j, i, series, step, top)) {
                break;
            }
            swap(heap, i, j);
            i = j;
        }
    }

    private static void swap(final int[] heap, final int a, final int b) {
        final int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
