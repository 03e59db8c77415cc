// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.Map;

/**
 * Receives the collector's samples. Called on the collector thread; implementations must not block for long.
 */
@FunctionalInterface
public interface SampleSink {
    /**
     * One sample of one metric of one container.
     *
     * @param metricName      e.g. {@code container.net.rx.bytes} (see {@link MetricNames}).
     * @param labels          {@code container_id}, {@code container_name}, {@code runtime}; immutable, the same
     *                        instance for a container across rounds.
     * @param timestampMillis the round's wall-clock time, ms since the epoch.
     * @param value           the value in the metric's unit.
     */
    void onSample(String metricName, Map<String, String> labels, long timestampMillis, double value);

    /**
     * Called after the last sample of a round (a batch boundary for the sink).
     *
     * @param timestampMillis the round's wall-clock time.
     */
    default void onRoundComplete(final long timestampMillis) {
    }
}
