// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.QueryResult;
import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.SeriesResponseFlyweight;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesProtocolTest {
    @TempDir
    static java.nio.file.Path dataDir;
    private static ServerRuntime runtime;

    @BeforeAll
    static void startServer() {
        runtime = TestServer.start(dataDir);
    }

    @AfterAll
    static void stopServer() {
        runtime.close();
    }

    private static TsdbClient client() {
        final TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(runtime.tcpPort()).build();
        client.connect();
        return client;
    }

    @Test
    void shouldRegisterSeriesOverTcpWithStableIdAndNames() {
        try (TsdbClient client = client()) {
            final long id = client.registerSeries("container.cpu.usage",
                Map.of("runtime", "docker", "container_id", "abc123"));
            assertThat(id).isEqualTo(Tsdb.seriesId("container.cpu.usage",
                Labels.of("container_id", "abc123", "runtime", "docker")));
            assertThat(client.registerSeries("container.cpu.usage",
                Map.of("container_id", "abc123", "runtime", "docker"))).isEqualTo(id);
            final SeriesInfo info = runtime.tsdb().findSeries(id);
            assertThat(info.metric()).isEqualTo("container.cpu.usage");
            assertThat(info.labels().get("container_id")).isEqualTo("abc123");
        }
    }

    @Test
    void shouldSetCreatedFlagOnlyOnFirstRegistration() throws Exception {
        try (RawConnection connection = new RawConnection(runtime.tcpPort())) {
            final byte[] frame = RawConnection.frames(e -> e.registerSeries("flagged", Map.of("a", "1")));
            connection.send(frame);
            final RawConnection.Frame first = connection.read();
            assertThat(first.type()).as(first.describe()).isEqualTo(MessageType.SERIES);
            final SeriesResponseFlyweight series = new SeriesResponseFlyweight().wrap(first.payloadBuffer(), 0,
                first.payload().length);
            assertThat(series.created()).isTrue();
            assertThat(series.seriesId()).isEqualTo(Tsdb.seriesId("flagged", Labels.of("a", "1")));
            connection.send(frame);
            final RawConnection.Frame second = connection.read();
            assertThat(new SeriesResponseFlyweight().wrap(second.payloadBuffer(), 0, second.payload().length)
                .created()).isFalse();
        }
    }

    @Test
    void shouldRejectInvalidRegistrationAndKeepConnection() {
        try (TsdbClient client = client()) {
            assertThatThrownBy(() -> client.registerSeries("bad name", Map.of()))
                .isInstanceOfSatisfying(ServerErrorException.class,
                    ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("metric name");
            assertThatThrownBy(() -> client.registerSeries("ok", Map.of("a", "")))
                .isInstanceOfSatisfying(ServerErrorException.class,
                    ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldAnswerAggregatedQueryOverTcp() {
        try (TsdbClient client = client()) {
            final long id = client.registerSeries("container.net.rx.bytes", Map.of("container_id", "q1"));
            for (int s = 0; s < 600; s++) {
                client.add(id, s * 1000L, s * 10.0);
            }
            client.flush();
            final QueryResult rate = client.query(id, 0, 599_999, 60_000, Aggregation.RATE);
            assertThat(rate.size()).isEqualTo(10);
            assertThat(rate.timestampMillis(1)).isEqualTo(60_000);
            assertThat(rate.value(1)).isEqualTo(10.0);
            final QueryResult avg = client.query(id, 0, 599_999, 0, Aggregation.AVG);
            assertThat(avg.size()).isEqualTo(1);
            assertThat(avg.value(0)).isEqualTo(2995.0);
            final QueryResult raw = client.query(id, 0, 9_999);
            assertThat(raw.size()).isEqualTo(10);
        }
    }
}
