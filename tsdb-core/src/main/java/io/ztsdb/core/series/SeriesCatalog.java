// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.index.LabelIndex;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The named series of a database: the durable {@link SeriesRegistry} plus the {@link LabelIndex} over it,
 * behind one read-write lock (registrations are rare and short; lookups and selections share the read lock).
 * <p>
 * Thread-safe.
 */
public final class SeriesCatalog implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SeriesRegistry registry;
    private final LabelIndex index = new LabelIndex();

    private SeriesCatalog(final Path directory) {
        this.registry = SeriesRegistry.open(directory);
        registry.forEach((ordinal, series) -> index.add(ordinal, series.metric(), series.labels()));
    }

    /**
     * Opens the catalog of a data directory, reloading the registry file and rebuilding the index.
     *
     * @param directory the data directory.
     * @return the catalog.
     */
    public static SeriesCatalog open(final Path directory) {
        return new SeriesCatalog(directory);
    }

    /**
     * Registers one named series (durably, before returning) or finds it registered.
     *
     * @param metric metric name.
     * @param labels labels.
     * @return its stable id.
     * @throws io.ztsdb.core.SeriesCollisionException when a different series has the same id.
     */
    public long register(final String metric, final Labels labels) {
        final long id = SeriesIds.id(Labels.checkMetricName(metric), labels);
        lock.readLock().lock();
        try {
            final int ordinal = registry.ordinalOf(id);
            if (ordinal >= 0 && registry.byOrdinal(ordinal).sameName(metric, labels)) {
                return id;
            }
        } finally {
            lock.readLock().unlock();
        }
        return register(new String[] {metric}, new Labels[] {labels})[0];
    }

    /**
     * Registers many named series at once, all or none, with one fsync.
     *
     * @param metrics metric names.
     * @param labels  labels, one per metric.
     * @return the ids, in input order.
     * @throws io.ztsdb.core.SeriesCollisionException when one has the id of a different series.
     */
    public long[] register(final String[] metrics, final Labels[] labels) {
        lock.writeLock().lock();
        try {
            return registry.register(metrics, labels,
                (ordinal, series) -> index.add(ordinal, series.metric(), series.labels()));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * @param seriesId a series id.
     * @return the named series with that id, or null (a raw-id series, or unknown).
     */
    public RegisteredSeries find(final long seriesId) {
        lock.readLock().lock();
        try {
            final int ordinal = registry.ordinalOf(seriesId);
            return ordinal < 0 ? null : registry.byOrdinal(ordinal);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @param selector the selector.
     * @return the named series it selects, in registration order.
     */
    public List<RegisteredSeries> select(final SeriesSelector selector) {
        lock.readLock().lock();
        try {
            final int[] ordinals = index.select(selector.allMatchers());
            final List<RegisteredSeries> result = new ArrayList<>(ordinals.length);
            for (final int ordinal : ordinals) {
                result.add(registry.byOrdinal(ordinal));
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds names and labels to series summaries, and a zero-point summary for each named series that has no
     * samples yet.
     *
     * @param stored summaries of the series with samples.
     * @return the summaries, named where the series is registered.
     */
    public List<SeriesInfo> describe(final List<SeriesInfo> stored) {
        lock.readLock().lock();
        try {
            if (registry.size() == 0) {
                return stored;
            }
            final List<SeriesInfo> result = new ArrayList<>(stored.size() + registry.size());
            final boolean[] seen = new boolean[registry.size()];
            for (final SeriesInfo info : stored) {
                final int ordinal = registry.ordinalOf(info.seriesId());
                if (ordinal >= 0) {
                    seen[ordinal] = true;
                    final RegisteredSeries named = registry.byOrdinal(ordinal);
                    result.add(info.withName(named.metric(), named.labels()));
                } else {
                    result.add(info);
                }
            }
            for (int ordinal = 0; ordinal < seen.length; ordinal++) {
                if (!seen[ordinal]) {
                    result.add(empty(registry.byOrdinal(ordinal)));
                }
            }
            return result;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * @param series a named series.
     * @return its summary when it has no samples.
     */
    public static SeriesInfo empty(final RegisteredSeries series) {
        return new SeriesInfo(series.seriesId(), 0, Long.MAX_VALUE, Long.MIN_VALUE, series.metric(),
            series.labels());
    }

    /** @return every label name in use, sorted, {@code __name__} included. */
    public List<String> labelNames() {
        final List<String> names;
        lock.readLock().lock();
        try {
            names = index.labelNames();
        } finally {
            lock.readLock().unlock();
        }
        Collections.sort(names);
        return names;
    }

    /**
     * @param name a label name, or {@code __name__} for metric names.
     * @return its values, sorted; empty when unknown.
     */
    public List<String> labelValues(final String name) {
        final List<String> values;
        lock.readLock().lock();
        try {
            values = index.labelValues(name);
        } finally {
            lock.readLock().unlock();
        }
        Collections.sort(values);
        return values;
    }

    /**
     * @param selector the series to look at.
     * @return the label names the selected series carry, sorted, {@code __name__} included when any is
     *     selected.
     */
    public List<String> labelNames(final SeriesSelector selector) {
        final TreeSet<String> names = new TreeSet<>();
        for (final RegisteredSeries series : select(selector)) {
            names.add(LabelMatcher.METRIC_NAME_LABEL);
            for (int i = 0; i < series.labels().size(); i++) {
                names.add(series.labels().name(i));
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * @param name     a label name, or {@code __name__} for metric names.
     * @param selector the series to look at.
     * @return the values the label takes on the selected series, sorted.
     */
    public List<String> labelValues(final String name, final SeriesSelector selector) {
        final TreeSet<String> values = new TreeSet<>();
        final boolean metric = LabelMatcher.METRIC_NAME_LABEL.equals(name);
        for (final RegisteredSeries series : select(selector)) {
            final String value = metric ? series.metric() : series.labels().get(name);
            if (value != null) {
                values.add(value);
            }
        }
        return new ArrayList<>(values);
    }

    /** @return number of named series. */
    public int size() {
        lock.readLock().lock();
        try {
            return registry.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return bytes in the registry file. */
    public long fileSizeBytes() {
        lock.readLock().lock();
        try {
            return registry.fileSizeBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            registry.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
