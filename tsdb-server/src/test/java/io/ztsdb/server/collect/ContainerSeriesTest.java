// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ztsdb.core.Tsdb;
import io.ztsdb.ebpf.MetricNames;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSeriesTest {
    private static final Map<String, String> CONTAINER = Map.of("container_id", "a".repeat(64),
        "container_name", "web", "runtime", "docker");

    @TempDir
    Path dir;

    @Test
    void shouldRegisterTheContainersSeriesAtOnceAndEachDropReasonWhenFirstSeen() {
        try (Tsdb tsdb = Tsdb.open(dir)) {
            final ContainerSeries series = new ContainerSeries(tsdb);
            final long cpu = series.idOf(MetricNames.CPU_USAGE, CONTAINER);
            assertThat(series.registered()).isEqualTo(MetricNames.PER_CONTAINER.size());
            assertThat(series.idOf(MetricNames.RUNQUEUE_WAIT, CONTAINER)).isNotEqualTo(cpu);
            assertThat(series.idOf(MetricNames.CPU_USAGE, CONTAINER)).isEqualTo(cpu);

            final Map<String, String> rcvbuf = withReason("SOCKET_RCVBUFF");
            final long drops = series.idOf(MetricNames.NET_DROPS, rcvbuf);
            final long noSocket = series.idOf(MetricNames.NET_DROPS, withReason("NO_SOCKET"));
            assertThat(drops).isNotEqualTo(noSocket);
            assertThat(series.idOf(MetricNames.NET_DROPS, withReason("SOCKET_RCVBUFF"))).isEqualTo(drops);
            assertThat(series.registered()).isEqualTo(MetricNames.PER_CONTAINER.size() + 2);
            assertThat(tsdb.series()).hasSize(MetricNames.PER_CONTAINER.size() + 2);
            assertThatThrownBy(() -> series.idOf("container.unknown", CONTAINER))
                .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Map<String, String> withReason(final String reason) {
        final Map<String, String> labels = new java.util.HashMap<>(CONTAINER);
        labels.put(MetricNames.LABEL_REASON, reason);
        return labels;
    }
}
