// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.Labels;

import java.util.SplittableRandom;

/**
 * Seeded, container-like named series: {@code containers} containers x the ten container metrics, each labelled
 * {@code container_id} (12 hex digits, like docker's short id), {@code runtime} (docker, podman, containerd,
 * crio) and {@code host} ({@code host-0} .. {@code host-99}). With 100,000 containers: 1,000,000 series, 1,000
 * containers (10,000 series) per host, so {@code container.cpu.usage{host="host-7"}} selects 1,000 series.
 */
final class SeriesFixtures {
    static final String[] METRICS = {
        "container.cpu.usage", "container.memory.bytes", "container.net.rx.bytes", "container.net.tx.bytes",
        "container.net.rx.packets", "container.net.tx.packets", "container.block.read.bytes",
        "container.block.write.bytes", "container.block.read.ops", "container.block.write.ops",
    };
    static final String[] RUNTIMES = {"docker", "podman", "containerd", "crio"};
    static final int HOSTS = 100;
    static final long SEED = 42;

    final String[] metrics;
    final Labels[] labels;
    final String[] containerIds;

    SeriesFixtures(final int containers) {
        final SplittableRandom random = new SplittableRandom(SEED);
        metrics = new String[containers * METRICS.length];
        labels = new Labels[metrics.length];
        containerIds = new String[containers];
        for (int c = 0; c < containers; c++) {
            final String id = String.format("%012x", random.nextLong() >>> 16);
            containerIds[c] = id;
            final Labels containerLabels = Labels.of("container_id", id, "runtime",
                RUNTIMES[random.nextInt(RUNTIMES.length)], "host", "host-" + (c % HOSTS));
            for (int m = 0; m < METRICS.length; m++) {
                metrics[c * METRICS.length + m] = METRICS[m];
                labels[c * METRICS.length + m] = containerLabels;
            }
        }
    }

    int size() {
        return metrics.length;
    }
}
