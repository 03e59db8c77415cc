// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.PromqlException;
import io.ztsdb.core.promql.ast.TokenType;
import io.ztsdb.core.promql.ast.VectorMatching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Vector matching between two materialised vectors, with the semantics and error texts of Prometheus'
 * {@code VectorBinop}, {@code VectorAnd}, {@code VectorOr} and {@code VectorUnless}, step by step. Each series'
 * matching signature ({@code on} labels, or all labels but {@code ignoring} ones and the name) is computed once
 * and numbered, so the per-step work is array lookups.
 */
final class VectorMatcher {
    private final EvalContext ctx;
    private final TokenType op;
    private final VectorMatching matching;
    private final boolean returnBool;
    private final int steps;
    private final Map<LabelSet, Integer> signatures = new HashMap<>();

    VectorMatcher(final EvalContext ctx, final TokenType op, final VectorMatching matching, final boolean returnBool,
        final int steps) {
        this.ctx = ctx;
        this.op = op;
        this.matching = matching;
        this.returnBool = returnBool;
        this.steps = steps;
    }

    private LabelSet signatureLabels(final LabelSet labels) {
        return matching.on() ? labels.keep(matching.matchingLabels()) :
            labels.without(matching.matchingLabels()).withoutMetricName();
    }

    private int[] signatures(final List<StepSeries> series) {
        final int[] ids = new int[series.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = signatures.computeIfAbsent(signatureLabels(series.get(i).labels()), k -> signatures.size());
        }
        return ids;
    }

    /** Presence of each signature: the union of the presence of its series. */
    private long[][] presenceBySignature(final List<StepSeries> series, final int[] sigs) {
        final long[][] union = new long[signatures.size()][];
        for (int i = 0; i < sigs.length; i++) {
            final long[] bits = series.get(i).presence();
            long[] u = union[sigs[i]];
            if (u == null) {
                u = new long[bits.length];
                union[sigs[i]] = u;
            }
            for (int w = 0; w < bits.length; w++) {
                u[w] |= bits[w];
            }
        }
        return union;
    }

    StepMatrix and(final StepMatrix lhs, final StepMatrix rhs) {
        return filter(lhs, rhs, true);
    }

    StepMatrix unless(final StepMatrix lhs, final StepMatrix rhs) {
        return filter(lhs, rhs, false);
    }

    private StepMatrix filter(final StepMatrix lhs, final StepMatrix rhs, final boolean keepMatched) {
        final int[] lhsSigs = signatures(lhs.series());
        final int[] rhsSigs = signatures(rhs.series());
        final long[][] rhsPresence = presenceBySignature(rhs.series(), rhsSigs);
        final List<StepSeries> result = new ArrayList<>();
        for (int i = 0; i < lhsSigs.length; i++) {
            final StepSeries s = lhs.series().get(i);
            final long[] other = lhsSigs[i] < rhsPresence.length ? rhsPresence[lhsSigs[i]] : null;
            final long[] bits = s.presence();
            for (int w = 0; w < bits.length; w++) {
                final long o = other == null ? 0 : other[w];
                bits[w] &= keepMatched ? o : ~o;
            }
            if (!s.isEmpty()) {
                result.add(s);
            }
        }
        return new StepMatrix(steps, result);
    }

    StepMatrix or(final StepMatrix lhs, final StepMatrix rhs) {
        final int[] lhsSigs = signatures(lhs.series());
        final int[] rhsSigs = signatures(rhs.series());
        final long[][] lhsPresence = presenceBySignature(lhs.series(), lhsSigs);
        final SeriesMerger out = new SeriesMerger(steps);
        for (final StepSeries s : lhs.series()) {
            merge(out.get(s.labels()), s, null);
        }
        for (int j = 0; j < rhsSigs.length; j++) {
            final long[] taken = rhsSigs[j] < lhsPresence.length ? lhsPresence[rhsSigs[j]] : null;
            merge(out.get(rhs.series().get(j).labels()), rhs.series().get(j), taken);
        }
        return out.matrix();
    }

    private static void merge(final StepSeries into, final StepSeries from, final long[] excluded) {
        for (int i = from.nextPresent(0); i >= 0; i = from.nextPresent(i + 1)) {
            if (excluded != null && (excluded[i >>> 6] & (1L << i)) != 0) {
                continue;
            }
            if (into.isPresent(i)) {
                throw EvalContext.executionError("vector cannot contain metrics with the same labelset");
            }
            into.set(i, from.value(i));
        }
    }

    /** Arithmetic and comparison between vectors: one-to-one, or many-to-one with group_left/group_right. */
    StepMatrix match(final StepMatrix lhsMatrix, final StepMatrix rhsMatrix) {
        final VectorMatching.Cardinality card = matching.cardinality();
        final boolean swapped = card == VectorMatching.Cardinality.ONE_TO_MANY;
        // As Prometheus: for group_right the sides swap, so the "one" side is always on the right here.
        final List<StepSeries> many = swapped ? rhsMatrix.series() : lhsMatrix.series();
        final List<StepSeries> one = swapped ? lhsMatrix.series() : rhsMatrix.series();
        final int[] manySigs = signatures(many);
        final int[] oneSigs = signatures(one);
        final int sigCount = signatures.size();
        final int[] oneAt = new int[sigCount];
        final int[] oneStamp = new int[sigCount];
        final int[] matchedStamp = new int[sigCount];
        final Map<Long, Integer> pairOutput = new HashMap<>();
        final SeriesMerger out = new SeriesMerger(steps);
        final List<StepSeries> outputs = new ArrayList<>();
        final List<int[]> lastWriter = new ArrayList<>();
        final Map<LabelSet, Integer> outputIndex = new HashMap<>();
        for (int i = 0; i < steps; i++) {
            final int stamp = i + 1;
            for (int j = 0; j < one.size(); j++) {
                final StepSeries r = one.get(j);
                if (!r.isPresent(i)) {
                    continue;
                }
                final int sig = oneSigs[j];
                if (oneStamp[sig] == stamp) {
                    throw duplicateOnOneSide(r, one.get(oneAt[sig]), swapped);
                }
                oneStamp[sig] = stamp;
                oneAt[sig] = j;
            }
            for (int l = 0; l < many.size(); l++) {
                final StepSeries ls = many.get(l);
                if (!ls.isPresent(i)) {
                    continue;
                }
                final int sig = manySigs[l];
                if (oneStamp[sig] != stamp) {
                    continue;
                }
                final int j = oneAt[sig];
                final StepSeries rs = one.get(j);
                final double vl = swapped ? rs.value(i) : ls.value(i);
                final double vr = swapped ? ls.value(i) : rs.value(i);
                double value = BinaryEvaluator.apply(op, vl, vr);
                final boolean keep = BinaryEvaluator.keep(op, vl, vr);
                if (returnBool) {
                    value = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                }
                final int outIndex = pairOutput.computeIfAbsent(((long) l << 32) | j, key -> {
                    final LabelSet labels = resultLabels(ls.labels(), rs.labels());
                    return outputIndex.computeIfAbsent(labels, k -> {
                        outputs.add(out.get(k));
                        lastWriter.add(new int[] {0, -1});
                        return outputs.size() - 1;
                    });
                });
                if (card == VectorMatching.Cardinality.ONE_TO_ONE) {
                    if (matchedStamp[sig] == stamp) {
                        throw EvalContext.executionError("multiple matches for labels: many-to-one matching must be " +
                            "explicit (group_left/group_right)");
                    }
                    matchedStamp[sig] = stamp;
                }
                final StepSeries target = outputs.get(outIndex);
                final int[] writer = lastWriter.get(outIndex);
                if (writer[0] == stamp) {
                    throw EvalContext.executionError(writer[1] == sig && card != VectorMatching.Cardinality.ONE_TO_ONE ?
                        "multiple matches for labels: grouping labels must ensure unique matches" :
                        "vector cannot contain metrics with the same labelset");
                }
                writer[0] = stamp;
                writer[1] = sig;
                target.set(i, value);
            }
            if ((i & 255) == 0) {
                ctx.checkInterrupt();
            }
        }
        return out.matrix();
    }

    private PromqlException duplicateOnOneSide(final StepSeries current,
        final StepSeries previous, final boolean swapped) {
        final LabelSet matched = signatureLabels(current.labels());
        return EvalContext.executionError("found duplicate series for the match group " + matched + " on the " +
            (swapped ? "left" : "right") + " hand-side of the operation: [" + current.labels() + ", " +
            previous.labels() + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    /** Prometheus' {@code resultMetric}, plus the name dropped by {@code bool}. */
    private LabelSet resultLabels(final LabelSet many, final LabelSet one) {
        LabelSet labels = many;
        if (BinaryEvaluator.dropsMetricName(op) || returnBool) {
            labels = labels.withoutMetricName();
        }
        if (matching.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            labels = matching.on() ? labels.keep(matching.matchingLabels()) :
                labels.without(matching.matchingLabels());
        }
        for (final String name : matching.include()) {
            labels = labels.with(name, one.get(name));
        }
        return labels;
    }
}
