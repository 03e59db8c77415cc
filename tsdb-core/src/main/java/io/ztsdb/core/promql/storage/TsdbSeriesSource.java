// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.storage;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.MetricNames;
import io.ztsdb.core.promql.SeriesLimit;
import io.ztsdb.core.promql.ast.Matcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Selects series for PromQL through the engine's label index and reads their samples with the time range pushed
 * down to the chunks, applying the name mapping of {@link MetricNames}.
 */
public final class TsdbSeriesSource {
    private final Tsdb tsdb;
    private final SeriesLimit seriesLimit;

    /** @param tsdb the engine. */
    public TsdbSeriesSource(final Tsdb tsdb) {
        this(tsdb, SeriesLimit.NONE);
    }

    /**
     * @param tsdb        the engine.
     * @param seriesLimit the most series one {@link #select} may return.
     */
    public TsdbSeriesSource(final Tsdb tsdb, final SeriesLimit seriesLimit) {
        this.tsdb = tsdb;
        this.seriesLimit = seriesLimit;
    }

    /**
     * @param matchers      the selector's matchers (all must accept a series).
     * @param minTimeMillis earliest time needed.
     * @param maxTimeMillis latest time needed.
     * @return the series with samples in {@code [minTimeMillis, maxTimeMillis]}, in registration order.
     * @throws io.ztsdb.core.promql.PromqlException of type execution when they are more than the series limit.
     */
    public List<SourceSeries> select(final List<Matcher> matchers, final long minTimeMillis,
        final long maxTimeMillis) {
        final List<Matcher> names = new ArrayList<>(1);
        final List<Matcher> ids = new ArrayList<>(0);
        final List<Matcher> labels = new ArrayList<>(matchers.size());
        for (final Matcher m : matchers) {
            if (LabelSet.METRIC_NAME.equals(m.name())) {
                names.add(m);
            } else if (MetricNames.ID_LABEL.equals(m.name())) {
                ids.add(m);
            } else {
                labels.add(m);
            }
        }
        final List<SourceSeries> result = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (final SeriesInfo info : byIds(ids)) {
                addIfMatching(info, matchers, minTimeMillis, maxTimeMillis, result);
            }
            if (result.size() > seriesLimit.maxSeries()) {
                throw seriesLimit.exceeded();
            }
            return result;
        }
        final List<LabelMatcher> core = new ArrayList<>(labels.size() + 1);
        if (!names.isEmpty()) {
            final List<String> metrics = matchingMetrics(names);
            if (metrics.isEmpty()) {
                return result;
            }
            core.add(new LabelMatcher(LabelSet.METRIC_NAME, LabelMatcher.Type.REGEX, literalAlternation(metrics)));
        }
        final Map<String, String> storedLabelNames = storedLabelNames(labels);
        for (final Matcher m : labels) {
            final String stored = storedLabelNames.getOrDefault(m.name(), m.name());
            core.add(new LabelMatcher(stored, coreType(m.type()), m.isRegex() ? m.javaRegex() : m.value()));
        }
        final List<SeriesInfo> selected;
        try {
            selected = tsdb.select(new SeriesSelector(null, core));
        } catch (final IllegalArgumentException ex) {
            // Every matcher accepts the empty value: as in Prometheus, no named series is selected by accident.
            return result;
        }
        for (final SeriesInfo info : selected) {
            if (overlaps(info, minTimeMillis, maxTimeMillis)) {
                if (result.size() == seriesLimit.maxSeries()) {
                    throw seriesLimit.exceeded();
                }
                result.add(new SourceSeries(info.seriesId(), labelsOf(info)));
            }
        }
        return result;
    }

    /**
     * @return the samples of a series in {@code [minTimeMillis, maxTimeMillis]}, in time order.
     */
    public SampleCursor read(final long seriesId, final long minTimeMillis, final long maxTimeMillis) {
        return tsdb.query(seriesId, minTimeMillis, maxTimeMillis);
    }

    /**
     * Like {@link #read(long, long, long)}, refilling a cursor this source returned before (its buffers are
     * kept, so reading series after series allocates nothing per series).
     *
     * @param reuse a cursor no longer read, or null.
     */
    public SampleCursor read(final long seriesId, final long minTimeMillis, final long maxTimeMillis,
        final SampleCursor reuse) {
        return tsdb.query(seriesId, minTimeMillis, maxTimeMillis, reuse);
    }

    /** @return the label names of the named series in Prometheus form, sorted, {@code __name__} included. */
    public List<String> labelNames() {
        final Set<String> names = new TreeSet<>();
        for (final String name : tsdb.labelNames()) {
            names.add(MetricNames.labelToPrometheus(name));
        }
        return new ArrayList<>(names);
    }

    /** @return the values of a label (Prometheus name) over the named series, sorted; metric names mapped. */
    public List<String> labelValues(final String promName) {
        final Set<String> values = new TreeSet<>();
        if (LabelSet.METRIC_NAME.equals(promName)) {
            for (final String metric : tsdb.labelValues(LabelSet.METRIC_NAME)) {
                values.add(MetricNames.toPrometheus(metric));
            }
            return new ArrayList<>(values);
        }
        for (final String stored : tsdb.labelNames()) {
            if (!LabelSet.METRIC_NAME.equals(stored) && MetricNames.labelToPrometheus(stored).equals(promName)) {
                values.addAll(tsdb.labelValues(stored));
            }
        }
        return new ArrayList<>(values);
    }

    /** @return the Prometheus labels of a stored series. */
    public static LabelSet labelsOf(final SeriesInfo info) {
        if (!info.isNamed()) {
            return LabelSet.of(MetricNames.ID_LABEL, Long.toUnsignedString(info.seriesId()));
        }
        final Labels labels = info.labels();
        final String[] pairs = new String[(labels.size() + 1) * 2];
        pairs[0] = LabelSet.METRIC_NAME;
        pairs[1] = MetricNames.toPrometheus(info.metric());
        boolean sorted = true;
        for (int i = 0; i < labels.size(); i++) {
            final String name = MetricNames.labelToPrometheus(labels.name(i));
            sorted &= name == labels.name(i);
            pairs[2 + i * 2] = name;
            pairs[3 + i * 2] = labels.value(i);
        }
        if (sorted && (labels.isEmpty() || labels.name(0).compareTo(LabelSet.METRIC_NAME) > 0)) {
            return LabelSet.ofSorted(pairs);
        }
        return LabelSet.of(pairs);
    }

    private void addIfMatching(final SeriesInfo info, final List<Matcher> matchers, final long minTimeMillis,
        final long maxTimeMillis, final List<SourceSeries> result) {
        if (!overlaps(info, minTimeMillis, maxTimeMillis)) {
            return;
        }
        final LabelSet labels = labelsOf(info);
        final LabelSet withId = labels.with(MetricNames.ID_LABEL, Long.toUnsignedString(info.seriesId()));
        for (final Matcher m : matchers) {
            final boolean ok = LabelSet.METRIC_NAME.equals(m.name()) && info.isNamed() ?
                matchesMetric(m, info.metric()) : m.matches(withId.get(m.name()));
            if (!ok) {
                return;
            }
        }
        result.add(new SourceSeries(info.seriesId(), labels));
    }

    private static boolean overlaps(final SeriesInfo info, final long minTimeMillis, final long maxTimeMillis) {
        return info.pointCount() > 0 && info.maxTimestampMillis() >= minTimeMillis &&
            info.minTimestampMillis() <= maxTimeMillis;
    }

    private List<SeriesInfo> byIds(final List<Matcher> idMatchers) {
        Set<Long> candidates = null;
        for (final Matcher m : idMatchers) {
            if (m.isNegative()) {
                continue;
            }
            final Set<Long> ids = new LinkedHashSet<>();
            for (final String text : m.isRegex() ? List.of(m.value().split("\\|", -1)) : List.of(m.value())) {
                try {
                    ids.add(Long.parseUnsignedLong(text));
                } catch (final NumberFormatException ignored) {
                    // Not an id: selects nothing.
                }
            }
            if (candidates == null) {
                candidates = ids;
            } else {
                candidates.retainAll(ids);
            }
        }
        final List<SeriesInfo> result = new ArrayList<>();
        if (candidates == null) {
            return result;
        }
        for (final long id : candidates) {
            final SeriesInfo info = tsdb.findSeries(id);
            if (info != null) {
                result.add(info);
            }
        }
        return result;
    }

    /** The canonical metric names that every {@code __name__} matcher accepts, in either form. */
    private List<String> matchingMetrics(final List<Matcher> nameMatchers) {
        final List<String> result = new ArrayList<>();
        for (final String metric : tsdb.labelValues(LabelSet.METRIC_NAME)) {
            boolean all = true;
            for (final Matcher m : nameMatchers) {
                all &= matchesMetric(m, metric);
            }
            if (all) {
                result.add(metric);
            }
        }
        return result;
    }

    /** A name matcher accepts a metric when its positive form accepts either the canonical or the Prometheus name. */
    private static boolean matchesMetric(final Matcher m, final String canonical) {
        final boolean hit = m.matchesPositive(canonical) || m.matchesPositive(MetricNames.toPrometheus(canonical));
        return m.isNegative() != hit;
    }

    private Map<String, String> storedLabelNames(final List<Matcher> labelMatchers) {
        final Map<String, String> map = new HashMap<>();
        if (labelMatchers.isEmpty()) {
            return map;
        }
        for (final String stored : tsdb.labelNames()) {
            if (stored.indexOf('.') >= 0) {
                map.putIfAbsent(MetricNames.labelToPrometheus(stored), stored);
            }
        }
        for (final String stored : tsdb.labelNames()) {
            if (stored.indexOf('.') < 0) {
                map.remove(stored);
            }
        }
        return map;
    }

    private static String literalAlternation(final List<String> metrics) {
        final StringBuilder sb = new StringBuilder();
        for (final String metric : metrics) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            for (int i = 0; i < metric.length(); i++) {
                final char c = metric.charAt(i);
                if (c == '.') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static LabelMatcher.Type coreType(final Matcher.Type type) {
        return switch (type) {
            case EQUAL -> LabelMatcher.Type.EQUAL;
            case NOT_EQUAL -> LabelMatcher.Type.NOT_EQUAL;
            case REGEX -> LabelMatcher.Type.REGEX;
            case NOT_REGEX -> LabelMatcher.Type.NOT_REGEX;
        };
    }
}
