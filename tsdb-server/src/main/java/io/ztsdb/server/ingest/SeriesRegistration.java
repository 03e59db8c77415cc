// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesCollisionException;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the new series of one request, durably and with one fsync for all of them: names mapped to their
 * canonical form ({@link CanonicalNames}), labels validated as the binary protocol validates them (a refused series
 * gets its reason, the others are registered), ids the same as the binary protocol's for the same name and labels.
 * Blocks on the registry's fsync: call it from a worker thread.
 */
public final class SeriesRegistration {
    private final Tsdb tsdb;
    private final CanonicalNames names;

    /** @param tsdb the engine whose catalog registers the series. */
    public SeriesRegistration(final Tsdb tsdb) {
        this.tsdb = tsdb;
        this.names = new CanonicalNames(tsdb);
    }

    /**
     * Registers every series not yet refused and fills in its id or its refusal.
     *
     * @return how many were created (unknown to the catalog before).
     */
    public int register(final List<NewSeries> series) {
        names.refresh();
        final List<NewSeries> valid = new ArrayList<>(series.size());
        final List<String> metrics = new ArrayList<>(series.size());
        final List<Labels> labelSets = new ArrayList<>(series.size());
        for (final NewSeries s : series) {
            if (s.error() != null) {
                continue;
            }
            try {
                final String metric = Labels.checkMetricName(names.metric(s.metric()));
                final String[] pairs = s.labelPairs().clone();
                for (int i = 0; i < pairs.length; i += 2) {
                    pairs[i] = names.label(pairs[i]);
                }
                labelSets.add(Labels.of(pairs));
                metrics.add(metric);
                valid.add(s);
            } catch (final IllegalArgumentException ex) {
                s.refuse("invalid series " + describe(s) + ": " + ex.getMessage());
            }
        }
        if (valid.isEmpty()) {
            return 0;
        }
        int created = 0;
        for (int i = 0; i < valid.size(); i++) {
            final SeriesInfo known = tsdb.findSeries(Tsdb.seriesId(metrics.get(i), labelSets.get(i)));
            created += known == null || !known.isNamed() ? 1 : 0;
        }
        try {
            final long[] ids = tsdb.registerSeries(metrics.toArray(String[]::new), labelSets.toArray(Labels[]::new));
            for (int i = 0; i < ids.length; i++) {
                valid.get(i).registered(ids[i]);
            }
        } catch (final SeriesCollisionException batchRefused) {
            for (int i = 0; i < valid.size(); i++) {
                try {
                    valid.get(i).registered(tsdb.registerSeries(metrics.get(i), labelSets.get(i)));
                } catch (final SeriesCollisionException ex) {
                    valid.get(i).refuse(ex.getMessage());
                    created--;
                }
            }
        }
        return created;
    }

    private static String describe(final NewSeries s) {
        final StringBuilder sb = new StringBuilder(s.metric()).append('{');
        final String[] pairs = s.labelPairs();
        for (int i = 0; i < pairs.length && sb.length() < 300; i += 2) {
            sb.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }
}
