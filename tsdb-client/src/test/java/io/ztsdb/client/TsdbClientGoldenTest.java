// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.RegisterSeriesDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ztsdb.client.ScriptedServer.golden;
import static io.ztsdb.client.ScriptedServer.goldenHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's bytes on the wire and its reading of answers, checked against the protocol's golden vectors. */
class TsdbClientGoldenTest {
    private ScriptedServer server;
    private TsdbClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedServer();
        client = TsdbClient.builder().host("127.0.0.1").port(server.port())
            .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        client.close();
        server.close();
    }

    private CompletableFuture<Void> answer(final String request, final String response) {
        return server.run(s -> {
            s.accept();
            assertThat(s.readFrameHex()).isEqualTo(goldenHex(request));
            s.write(golden(response));
        });
    }

    @Test
    void shouldSendSeedNetcatInsertAndReadOk() throws Exception {
        final CompletableFuture<Void> script = answer("insert", "ok");
        client.connect();

        final InsertResult result = client.insert(1, 2542244864L, 100.0);

        script.get(10, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(new InsertResult(3, 0));
    }

    @Test
    void shouldSendInsertBatchAsGoldenVector() throws Exception {
        final CompletableFuture<Void> script = answer("insert_batch", "ok");
        client.connect();
        final WriteBatch batch = new WriteBatch(3)
            .add(1, 1700000000000L, 1.5)
            .add(2, 1700000000001L, -0.0)
            .add(-1L, -1L, Double.longBitsToDouble(0x7ff8000000000001L));

        assertThat(client.insertBatch(batch).accepted()).isEqualTo(3);
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldSendPlainQueryAndReadData() throws Exception {
        final CompletableFuture<Void> script = answer("query", "data");
        client.connect();

        final QueryResult result = client.query(1, 0, 9999999999999L);

        script.get(10, TimeUnit.SECONDS);
        assertThat(result.seriesId()).isEqualTo(1);
        assertThat(result.size()).isEqualTo(2);
        assertThat(result.timestampMillis(0)).isEqualTo(1000);
        assertThat(result.value(0)).isEqualTo(1.0);
        assertThat(result.timestampMillis(1)).isEqualTo(2000);
        assertThat(result.value(1)).isEqualTo(2.5);
    }

    @Test
    void shouldSendAggregatedQueryAndReadEmptyData() throws Exception {
        final CompletableFuture<Void> script = answer("query_aggregated", "data_empty");
        client.connect();

        final QueryResult result = client.query(12345, 1700000000000L, 1700003600000L, 60000, Aggregation.AVG);

        script.get(10, TimeUnit.SECONDS);
        assertThat(result.size()).isZero();
    }

    @Test
    void shouldRegisterSeriesAndReadItsId() throws Exception {
        final CompletableFuture<Void> script = answer("register_series", "series");
        client.connect();
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("container_id", "abc123");
        labels.put("runtime", "docker");

        final long id = client.registerSeries("container.cpu.usage", labels);

        script.get(10, TimeUnit.SECONDS);
        assertThat(id).isEqualTo(0x0123456789abcdefL);
    }

    @Test
    void shouldPing() throws Exception {
        final CompletableFuture<Void> script = answer("ping", "ok_ping");
        client.connect();

        assertThat(client.ping()).isPositive();
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldThrowServerErrorWithCodeAndMessageAndKeepConnection() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            assertThat(s.readFrameHex()).isEqualTo(goldenHex("insert"));
            s.write(golden("error"));
            assertThat(s.readFrameHex()).isEqualTo(goldenHex("ping"));
            s.write(golden("ok_ping"));
        });
        client.connect();

        assertThatThrownBy(() -> client.insert(1, 2542244864L, 100.0))
            .isInstanceOfSatisfying(ServerErrorException.class, ex -> {
                assertThat(ex.code()).isEqualTo(5);
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.BAD_PAYLOAD_LENGTH);
                assertThat(ex.serverMessage()).isEqualTo("insert payload must be 24 bytes: payloadLength=25");
                assertThat(ex.getMessage()).contains("BAD_PAYLOAD_LENGTH", "payloadLength=25");
            });
        client.ping();
        script.get(10, TimeUnit.SECONDS);
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void shouldSendRegistrationLargerThanItsInitialFrameBuffer() throws Exception {
        final Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            labels.put("label_" + i, "\u00e9".repeat(1000));
        }
        final int frameLength = FrameEncoder.registerSeriesLength("big", labels);
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            final byte[] frame = s.readFrame();
            assertThat(frame).hasSize(frameLength);
            final RegisterSeriesDecoder decoder = new RegisterSeriesDecoder().wrap(ByteBuffer.wrap(frame),
                FrameDescriptor.HEADER_LENGTH, frame.length - FrameDescriptor.HEADER_LENGTH);
            assertThat(decoder.metricName()).isEqualTo("big");
            assertThat(decoder.labelCount()).isEqualTo(40);
            s.write(golden("series"));
        });
        client.connect();

        assertThat(client.registerSeries("big", labels)).isEqualTo(0x0123456789abcdefL);
        script.get(10, TimeUnit.SECONDS);
        assertThat(frameLength).isGreaterThan(80_000);
    }
}
