// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps every sample, for assertions. */
final class RecordingSink implements SampleSink {
    record Sample(String metric, Map<String, String> labels, long timestampMillis, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private int rounds;

    @Override
    public synchronized void onSample(final String metricName, final Map<String, String> labels,
                                      final long timestampMillis, final double value) {
        samples.add(new Sample(metricName, labels, timestampMillis, value));
    }

    @Override
    public synchronized void onRoundComplete(final long timestampMillis) {
        rounds++;
    }

    synchronized List<Sample> of(final String metric, final String containerId) {
        return samples.stream().filter(s -> s.metric().equals(metric)
            && containerId.equals(s.labels().get("container_id"))).toList();
    }

    synchronized int rounds() {
        return rounds;
    }

    synchronized void clear() {
        samples.clear();
    }
}
