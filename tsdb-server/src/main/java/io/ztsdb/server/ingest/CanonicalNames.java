// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.ztsdb.core.Tsdb;
import io.ztsdb.core.promql.MetricNames;

import java.util.HashMap;
import java.util.Map;

/**
 * Prometheus' names back to ztsdb's canonical ones: a remote-write sample of {@code container_cpu_usage} lands in
 * the series registered as {@code container.cpu.usage} by the binary protocol (same id), the inverse of
 * {@link MetricNames}. A Prometheus name maps to the stored dotted name whose Prometheus form it is, unless a stored
 * name is spelled exactly so; label names likewise. Names with no stored dotted counterpart stay as they are.
 * The maps are rebuilt from the catalog when new series are registered (rare), not per sample.
 */
final class CanonicalNames {
    private final Tsdb tsdb;
    private Map<String, String> metrics = Map.of();
    private Map<String, String> labels = Map.of();

    CanonicalNames(final Tsdb tsdb) {
        this.tsdb = tsdb;
    }

    /** Reads the stored names again (before registering new series). */
    synchronized void refresh() {
        metrics = dotted(tsdb.labelValues("__name__"), true);
        labels = dotted(tsdb.labelNames(), false);
    }

    synchronized String metric(final String name) {
        return metrics.getOrDefault(name, name);
    }

    synchronized String label(final String name) {
        return labels.getOrDefault(name, name);
    }

    private static Map<String, String> dotted(final Iterable<String> stored, final boolean metric) {
        final Map<String, String> map = new HashMap<>();
        for (final String name : stored) {
            if (name.indexOf('.') >= 0) {
                map.putIfAbsent(metric ? MetricNames.toPrometheus(name) : MetricNames.labelToPrometheus(name), name);
            }
        }
        for (final String name : stored) {
            if (name.indexOf('.') < 0) {
                map.remove(name);
            }
        }
        return map;
    }
}
