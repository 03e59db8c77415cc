// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.PointsFlyweight;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /stats} shows each open connection's counters and the server-wide ingest and reject counts. */
class ConnectionStatsTest {
    @TempDir
    Path dataDir;
    private ServerRuntime runtime;

    @BeforeEach
    void start() {
        runtime = TestServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private JsonNode stats() throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + runtime.httpPort() + "/stats")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void shouldReportPerConnectionCountersAndRejects() throws Exception {
        final byte[] batch = RawConnection.frames(e -> {
            final PointsFlyweight points = e.beginInsertBatch(5);
            for (int i = 0; i < 5; i++) {
                points.point(i, 3, 1000 + i, i);
            }
            e.endInsertBatch();
        });
        final byte[] insertWithBadLength = RawConnection.frames(e -> e.insert(3, 2000, 1.0));
        insertWithBadLength[6] = 25;
        final byte[] bad = java.util.Arrays.copyOf(insertWithBadLength, insertWithBadLength.length + 1);
        try (RawConnection first = new RawConnection(runtime.tcpPort());
             RawConnection second = new RawConnection(runtime.tcpPort())) {
            first.send(batch);
            assertThat(first.read().okAccepted()).isEqualTo(5);
            second.send(bad);
            assertThat(second.read().errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH.code());

            final JsonNode stats = stats();
            assertThat(stats.get("connections").asInt()).isEqualTo(2);
            assertThat(stats.get("ingested_points").asLong()).isEqualTo(5);
            assertThat(stats.get("rejected_frames").asLong()).isEqualTo(1);
            assertThat(stats.get("rejected_points").asLong()).isEqualTo(1);
            final JsonNode list = stats.get("connection_list");
            assertThat(list).hasSize(2);
            // The two connections may be accepted in either order (one event loop each).
            final JsonNode good = list.get(0).get("errors").asLong() == 0 ? list.get(0) : list.get(1);
            final JsonNode rejected = good == list.get(0) ? list.get(1) : list.get(0);
            assertThat(good.get("bytes_in").asLong()).isEqualTo(batch.length);
            assertThat(good.get("frames").asLong()).isEqualTo(1);
            assertThat(good.get("points").asLong()).isEqualTo(5);
            assertThat(good.get("bytes_out").asLong()).isEqualTo(24);
            assertThat(rejected.get("errors").asLong()).isEqualTo(1);
            assertThat(rejected.get("bytes_in").asLong()).isEqualTo(bad.length);
            assertThat(rejected.get("remote").asText()).startsWith("127.0.0.1:");
        }
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (stats().get("connections").asInt() != 0) {
            assertThat(System.nanoTime()).as("closed connections leave the list").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(stats().get("connections_total").asLong()).isEqualTo(2);
    }
}
