// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.collect;

import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.ebpf.MetricNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps (metric, container labels) to the engine's named-series id: on a container's first sample its
 * {@link MetricNames#PER_CONTAINER} series are registered with one {@link Tsdb#registerSeries(String[], Labels[])}
 * call (one fsync), then the ids come from this cache. Series with more labels than the container's (drops, one per
 * reason) are registered one by one when first seen. Not thread-safe: used by the collector thread only.
 */
final class ContainerSeries {
    private static final List<String> METRICS = MetricNames.PER_CONTAINER;
    private static final Map<String, Integer> METRIC_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < METRICS.size(); i++) {
            METRIC_INDEX.put(METRICS.get(i), i);
        }
    }

    private final Tsdb tsdb;
    private final Map<Map<String, String>, long[]> ids = new HashMap<>();
    private final Map<Map<String, String>, Long> dropIds = new HashMap<>();
    private long registered;

    ContainerSeries(final Tsdb tsdb) {
        this.tsdb = tsdb;
    }

    /**
     * @param metric one of {@link MetricNames#ALL}.
     * @param labels the container's labels (plus {@code reason} for {@link MetricNames#NET_DROPS}).
     * @return the series id.
     */
    long idOf(final String metric, final Map<String, String> labels) {
        final Integer index = METRIC_INDEX.get(metric);
        if (index == null) {
            if (!metric.equals(MetricNames.NET_DROPS)) {
                throw new IllegalArgumentException("unknown container metric: metric=" + metric);
            }
            Long id = dropIds.get(labels);
            if (id == null) {
                id = tsdb.registerSeries(metric, Labels.of(labels));
                dropIds.put(Map.copyOf(labels), id);
                registered++;
            }
            return id;
        }
        long[] containerIds = ids.get(labels);
        if (containerIds == null) {
            final Labels engineLabels = Labels.of(labels);
            final String[] names = METRICS.toArray(new String[0]);
            final Labels[] labelSets = new Labels[names.length];
            java.util.Arrays.fill(labelSets, engineLabels);
            containerIds = tsdb.registerSeries(names, labelSets);
            ids.put(Map.copyOf(labels), containerIds);
            registered += names.length;
        }
        return containerIds[index];
    }

    /**
     * @return the number of series registered by this instance.
     */
    long registered() {
        return registered;
    }
}
