// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.ebpf.MetricNames;
import io.ztsdb.server.TestBatch;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generated containers as the collector writes them: every metric of {@link MetricNames#PER_CONTAINER} under its
 * canonical name with the collector's labels ({@code container_id}, 64 hex digits, {@code container_name},
 * {@code runtime}: the names of {@code io.ztsdb.ebpf.cgroup.CgroupEntry}, a package the module keeps internal),
 * values of each metric's kind and unit. History goes in through the engine in large batches;
 * live points, one per series and interval, through the binary protocol ({@link TsdbClient}). Seeded: the same
 * fleet every run.
 */
final class ContainerFleet {
    private static final double MIB = 1024.0 * 1024.0;
    private static final List<String> METRICS = MetricNames.PER_CONTAINER;
    private static final String[] RUNTIMES = {"docker", "containerd", "podman"};

    private final int containers;
    private final String[] ids;
    private final String[] names;
    private final long[][] seriesIds;
    private final double[][] state;
    private final SplittableRandom random;

    ContainerFleet(final int containers, final long seed) {
        this.containers = containers;
        this.ids = new String[containers];
        this.names = new String[containers];
        this.seriesIds = new long[containers][];
        this.state = new double[containers][METRICS.size()];
        this.random = new SplittableRandom(seed);
        final byte[] id = new byte[32];
        for (int c = 0; c < containers; c++) {
            random.nextBytes(id);
            ids[c] = HexFormat.of().formatHex(id);
            names[c] = String.format("%s-%03d", c % 3 == 0 ? "web" : c % 3 == 1 ? "db" : "worker", c);
            state[c][0] = 5 + random.nextDouble(150);
            state[c][1] = (64 + random.nextInt(1024)) * MIB;
        }
    }

    /** @return the labels of container {@code c}, as the collector builds them. */
    Map<String, String> labels(final int c) {
        final Map<String, String> labels = new HashMap<>();
        labels.put("container_id", ids[c]);
        labels.put("container_name", names[c]);
        labels.put("runtime", RUNTIMES[c % RUNTIMES.length]);
        return labels;
    }

    String id(final int c) {
        return ids[c];
    }

    String name(final int c) {
        return names[c];
    }

    int size() {
        return containers;
    }

    /** Registers every series and writes points at {@code interval} from {@code from} to {@code to}. */
    void fill(final Tsdb tsdb, final long from, final long to, final long interval) {
        final String[] metrics = METRICS.toArray(new String[0]);
        for (int c = 0; c < containers; c++) {
            final Labels[] labels = new Labels[metrics.length];
            java.util.Arrays.fill(labels, Labels.of(labels(c)));
            seriesIds[c] = tsdb.registerSeries(metrics, labels);
        }
        try (TestBatch batch = new TestBatch(tsdb)) {
            for (long t = from; t <= to; t += interval) {
                for (int c = 0; c < containers; c++) {
                    for (int m = 0; m < metrics.length; m++) {
                        batch.add(seriesIds[c][m], t, next(c, m));
                    }
                }
            }
        }
    }

    /** Writes one point per series at {@code t} through the binary protocol. */
    void writeRound(final TsdbClient client, final long t) {
        for (int c = 0; c < containers; c++) {
            for (int m = 0; m < METRICS.size(); m++) {
                client.add(seriesIds[c][m], t, next(c, m));
            }
        }
        client.flush();
    }

    private double next(final int c, final int m) {
        final double[] s = state[c];
        return switch (m) {
            case 0 -> s[0] = round(Math.clamp(s[0] + random.nextDouble(-4, 4), 0.5, 400), 100);
            case 1 -> s[1] = Math.max(16 * MIB, s[1] + (random.nextInt(129) - 64) * 4096.0);
            case 2, 3 -> Math.floor(random.nextDouble(1e3, 5e6));
            case 4, 5 -> Math.floor(random.nextDouble(10, 4000));
            case 6, 7 -> Math.floor(random.nextDouble(0, 2e7) / 4096) * 4096;
            case 8, 9 -> Math.floor(random.nextDouble(0, 500));
            case 12, 11 -> round(random.nextDouble(1e-6, 5e-3), 1e7);
            case 15 -> s[1] * 0.8;
            case 16 -> 0;
            default -> round(random.nextDouble(0, 2), 1000);
        };
    }

    private static double round(final double v, final double scale) {
        return Math.round(v * scale) / scale;
    }
}
