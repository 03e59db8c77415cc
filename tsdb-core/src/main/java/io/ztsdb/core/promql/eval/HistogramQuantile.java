// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.functions.Quantiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile(φ, buckets)} over classic histograms: series grouped by their labels without
 * {@code le}, a quantile per group and step from the buckets present at that step. Series without a parsable
 * {@code le} are ignored, as in Prometheus; the result drops {@code __name__} and {@code le}.
 */
final class HistogramQuantile {
    private static final List<String> BUCKET_LABEL = List.of("le");
    private static final List<String> EXCLUDED = List.of(LabelSet.METRIC_NAME, "le");

    private HistogramQuantile() {
    }

    static SeriesStream evaluate(final Evaluator evaluator, final List<Expr> args, final StepGrid grid) {
        final double[] q = evaluator.scalar(args.get(0), grid);
        final StepMatrix input = evaluator.matrix(args.get(1), grid);
        final Map<LabelSet, Group> groups = new HashMap<>();
        final List<Group> ordered = new ArrayList<>();
        for (final StepSeries s : input.series()) {
            final double bound;
            try {
                bound = GoFloats.parse(s.labels().get("le"));
            } catch (final NumberFormatException ex) {
                continue;
            }
            Group group = groups.get(s.labels().without(BUCKET_LABEL));
            if (group == null) {
                group = new Group(s.labels().without(EXCLUDED));
                groups.put(s.labels().without(BUCKET_LABEL), group);
                ordered.add(group);
            }
            group.series.add(s);
            group.bounds.add(bound);
        }
        final SeriesMerger out = new SeriesMerger(grid.count());
        final DuplicateGuard guard = new DuplicateGuard();
        double[] bounds = new double[16];
        double[] counts = new double[16];
        for (final Group group : ordered) {
            final StepSeries result = new StepSeries(group.labels, grid.count());
            if (bounds.length < group.series.size()) {
                bounds = new double[group.series.size()];
                counts = new double[group.series.size()];
            }
            for (int i = 0; i < grid.count(); i++) {
                int n = 0;
                for (int b = 0; b < group.series.size(); b++) {
                    final StepSeries bucket = group.series.get(b);
                    if (bucket.isPresent(i)) {
                        bounds[n] = group.bounds.get(b);
                        counts[n] = bucket.value(i);
                        n++;
                    }
                }
                if (n > 0) {
                    result.set(i, Quantiles.bucketQuantile(q[i], bounds, counts, n));
                }
            }
            if (!result.isEmpty()) {
                guard.check(result);
                final StepSeries merged = out.get(result.labels());
                for (int i = result.nextPresent(0); i >= 0; i = result.nextPresent(i + 1)) {
                    merged.set(i, result.value(i));
                }
            }
        }
        return out.matrix().stream();
    }

    private static final class Group {
        final LabelSet labels;
        final List<StepSeries> series = new ArrayList<>();
        final List<Double> bounds = new ArrayList<>();

        Group(final LabelSet labels) {
            this.labels = labels;
        }
    }
}
