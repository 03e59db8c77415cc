// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.MetricNames;
import io.ztsdb.ebpf.SampleSink;
import java.util.Map;

/**
 * Turns one cgroup's counters of a round into samples: rates per second from the measured elapsed time,
 * seconds-per-second for times, counts for OOM kills, gauges for memory, quantiles for the run-queue histogram.
 * The first round of a cgroup is a baseline (gauges only).
 */
final class SampleEmitter {
    private static final double NANOS_PER_SECOND = 1e9;
    private final SampleSink sink;
    private final SamplerMaps maps;
    private final boolean cpuFromEbpf;

    SampleEmitter(final SampleSink sink, final SamplerMaps maps, final boolean cpuFromEbpf) {
        this.sink = sink;
        this.maps = maps;
        this.cpuFromEbpf = cpuFromEbpf;
    }

    void emit(final CgroupState s, final long timestampMillis, final long nowNanos) {
        final Map<String, String> labels = s.entry.labels();
        if (s.baseline) {
            final double elapsedNanos = Math.max(1, nowNanos - s.lastNanos);
            final double perSecond = NANOS_PER_SECOND / elapsedNanos;
            for (int c = 0; c < CgroupState.COUNTERS; c++) {
                if (!CgroupState.isCgroupfs(c) || counted(s, c)) {
                    s.totals[c] += s.current[c] - s.last[c];
                }
            }
            cpu(s, labels, timestampMillis, elapsedNanos);
            if (maps.net() != null) {
                rate(s, MetricNames.NET_RX_BYTES, CgroupState.NET_RX_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.NET_TX_BYTES, CgroupState.NET_TX_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.NET_RX_PACKETS, CgroupState.NET_RX_PACKETS, perSecond, timestampMillis);
                rate(s, MetricNames.NET_TX_PACKETS, CgroupState.NET_TX_PACKETS, perSecond, timestampMillis);
            }
            if (maps.io() != null) {
                rate(s, MetricNames.BLOCK_READ_BYTES, CgroupState.IO_READ_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_WRITE_BYTES, CgroupState.IO_WRITE_BYTES, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_READ_OPS, CgroupState.IO_READ_OPS, perSecond, timestampMillis);
                rate(s, MetricNames.BLOCK_WRITE_OPS, CgroupState.IO_WRITE_OPS, perSecond, timestampMillis);
            }
            if (maps.runq() != null) {
                runqueue(s, labels, timestampMillis, elapsedNanos);
            }
            if (maps.tcp() != null) {
                rate(s, MetricNames.NET_TCP_RETRANSMITS, CgroupState.TCP_RETRANS_SEGS, perSecond, timestampMillis);
            }
            if (maps.drop() != null) {
                drops(s.drops, timestampMillis, perSecond);
            }
            if (counted(s, CgroupState.CPU_THROTTLED_PERIODS) && counted(s, CgroupState.CPU_THROTTLED_NS)) {
                rate(s, MetricNames.CPU_THROTTLED_PERIODS, CgroupState.CPU_THROTTLED_PERIODS, perSecond,
                    timestampMillis);
                sink.onSample(MetricNames.CPU_THROTTLED_TIME, labels, timestampMillis,
                    delta(s, CgroupState.CPU_THROTTLED_NS) / elapsedNanos);
            }
            if (maps.oom() != null) {
                sink.onSample(MetricNames.MEMORY_OOM_KILLS, labels, timestampMillis,
                    delta(s, CgroupState.OOM_KILLS_BPF));
            } else if (counted(s, CgroupState.OOM_KILLS)) {
                sink.onSample(MetricNames.MEMORY_OOM_KILLS, labels, timestampMillis, delta(s, CgroupState.OOM_KILLS));
            }
        } else {
            final DropCounters drops = s.drops;
            System.arraycopy(drops.current, 0, drops.last, 0, drops.size);
        }
        if (s.memoryBytes >= 0) {
            sink.onSample(MetricNames.MEMORY_BYTES, labels, timestampMillis, s.memoryBytes);
        }
        final long workingSet = s.workingSetBytes();
        if (workingSet >= 0) {
            sink.onSample(MetricNames.MEMORY_WORKING_SET, labels, timestampMillis, workingSet);
        }
        System.arraycopy(s.current, 0, s.last, 0, CgroupState.COUNTERS);
        System.arraycopy(s.valid, 0, s.lastValid, 0, CgroupState.COUNTERS);
        s.lastNanos = nowNanos;
        s.baseline = true;
    }

    private void cpu(final CgroupState s, final Map<String, String> labels, final long timestampMillis,
                     final double elapsedNanos) {
        final boolean fromBpf = cpuFromEbpf || !counted(s, CgroupState.CPU_CGROUPFS_NS);
        if (fromBpf && maps.cpu() == null) {
            return;
        }
        final int slot = fromBpf ? CgroupState.CPU_BPF_NS : CgroupState.CPU_CGROUPFS_NS;
        sink.onSample(MetricNames.CPU_USAGE, labels, timestampMillis, delta(s, slot) / elapsedNanos * 100.0);
    }

    private void runqueue(final CgroupState s, final Map<String, String> labels, final long timestampMillis,
                          final double elapsedNanos) {
        sink.onSample(MetricNames.RUNQUEUE_WAIT, labels, timestampMillis,
            delta(s, CgroupState.RUNQ_WAIT_NS) / elapsedNanos);
        final double p50 = RunqueueHistogram.quantileSeconds(s.current, s.last, CgroupState.RUNQ_SLOT_0, 0.5);
        if (p50 >= 0) { // no wait ended in the interval: no quantile
            sink.onSample(MetricNames.RUNQUEUE_LATENCY_P50, labels, timestampMillis, p50);
            sink.onSample(MetricNames.RUNQUEUE_LATENCY_P99, labels, timestampMillis,
                RunqueueHistogram.quantileSeconds(s.current, s.last, CgroupState.RUNQ_SLOT_0, 0.99));
        }
    }

    private void drops(final DropCounters drops, final long timestampMillis, final double perSecond) {
        for (int i = 0; i < drops.size; i++) {
            drops.totals[i] += drops.current[i] - drops.last[i];
            sink.onSample(MetricNames.NET_DROPS, drops.labels.get(i), timestampMillis,
                CgroupState.unsignedDelta(drops.current[i], drops.last[i]) * perSecond);
            drops.last[i] = drops.current[i];
        }
    }

    private void rate(final CgroupState s, final String metric, final int counter, final double perSecond,
                      final long timestampMillis) {
        sink.onSample(metric, s.entry.labels(), timestampMillis, delta(s, counter) * perSecond);
    }

    private static double delta(final CgroupState s, final int counter) {
        return CgroupState.unsignedDelta(s.current[counter], s.last[counter]);
    }

    /** A cgroupfs counter that was readable in this round and the last. */
    private static boolean counted(final CgroupState s, final int counter) {
        return s.valid[counter] && s.lastValid[counter];
    }
}
