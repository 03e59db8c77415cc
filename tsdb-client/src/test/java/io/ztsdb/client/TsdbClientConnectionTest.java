// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.HeaderFlyweight;
import io.ztsdb.protocol.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.ztsdb.client.ScriptedServer.golden;
import static io.ztsdb.client.ScriptedServer.goldenHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pipelining, automatic batching, timeouts, dropped connections and reconnects, over real loopback sockets. */
class TsdbClientConnectionTest {
    private ScriptedServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new ScriptedServer();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private TsdbClientBuilder builder() {
        return TsdbClient.builder().host("127.0.0.1").port(server.port())
            .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10))
            .reconnectBackoff(Duration.ofMillis(10));
    }

    private static byte[] ok(final long accepted, final long rejected) {
        final byte[] bytes = new byte[64];
        final FrameEncoder encoder = new FrameEncoder().wrap(ByteBuffer.wrap(bytes), 0).ok(accepted, rejected);
        return Arrays.copyOf(bytes, encoder.position());
    }

    private static byte[] error(final ErrorCode code, final String message) {
        final byte[] bytes = new byte[FrameEncoder.errorLength(message)];
        final FrameEncoder encoder = new FrameEncoder().wrap(ByteBuffer.wrap(bytes), 0).error(code, message);
        return Arrays.copyOf(bytes, encoder.position());
    }

    private static int pointCount(final byte[] frame) {
        final HeaderFlyweight header = new HeaderFlyweight().wrap(ByteBuffer.wrap(frame), 0);
        assertThat(header.type()).isEqualTo(MessageType.INSERT_BATCH);
        return (int)(header.payloadLength() / DataPointDescriptor.LENGTH);
    }

    @Test
    void shouldPipelineBatchesWithoutWaitingForAnswers() throws Exception {
        final CountDownLatch allSent = new CountDownLatch(1);
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            for (int i = 0; i < 4; i++) {
                assertThat(pointCount(s.readFrame())).isEqualTo(100);
            }
            allSent.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 4; i++) {
                s.write(ok(100, i == 3 ? 1 : 0));
            }
        });
        try (TsdbClient client = builder().maxInFlight(4).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(100);
            for (int b = 0; b < 4; b++) {
                for (int i = 0; i < 100; i++) {
                    batch.add(b, i, i);
                }
                client.sendBatch(batch);
                batch.clear();
            }
            allSent.countDown();

            assertThat(client.flush()).isEqualTo(new InsertResult(400, 1));
            assertThat(client.flush()).isEqualTo(InsertResult.EMPTY);
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldWaitForOldestAnswerWhenWindowIsFull() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            for (int i = 0; i < 6; i++) {
                s.readFrame();
                s.write(ok(10, 0));
            }
        });
        try (TsdbClient client = builder().maxInFlight(2).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(10);
            for (int b = 0; b < 6; b++) {
                for (int i = 0; i < 10; i++) {
                    batch.add(b, i, i);
                }
                client.sendBatch(batch);
                batch.clear();
            }
            assertThat(client.flush().accepted()).isEqualTo(60);
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldBatchAutomaticallyAndFlushTheRest() throws Exception {
        final List<Integer> counts = new ArrayList<>();
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            for (int i = 0; i < 3; i++) {
                final int count = pointCount(s.readFrame());
                counts.add(count);
                s.write(ok(count, 0));
            }
        });
        try (TsdbClient client = builder().batchSize(4).build()) {
            client.connect();
            for (int i = 0; i < 10; i++) {
                client.add(7, 1000L + i, i);
            }
            assertThat(client.flush().accepted()).isEqualTo(10);
        }
        script.get(10, TimeUnit.SECONDS);
        assertThat(counts).containsExactly(4, 4, 2);
    }

    @Test
    void shouldReportErrorAnswersToPipelinedBatchesAtFlush() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            for (int i = 0; i < 3; i++) {
                s.readFrame();
                s.write(i == 1 ? error(ErrorCode.NOT_DURABLE, "fsync failed") : ok(5, 0));
            }
        });
        try (TsdbClient client = builder().build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(5);
            for (int b = 0; b < 3; b++) {
                for (int i = 0; i < 5; i++) {
                    batch.add(b, i, i);
                }
                client.sendBatch(batch);
                batch.clear();
            }
            assertThatThrownBy(client::flush).isInstanceOfSatisfying(ServerErrorException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.NOT_DURABLE);
                assertThat(ex.failedRequests()).isEqualTo(1);
                assertThat(ex.failedPoints()).isEqualTo(5);
            });
            assertThat(client.flush()).isEqualTo(InsertResult.EMPTY);
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldSendNextPipelinedBatchOnNewConnectionAfterFatalErrorAnswer() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            s.write(error(ErrorCode.PAYLOAD_TOO_LONG, "payloadLength=48 maxPayloadLength=24"));
            s.closeConnection();
            s.accept();
            assertThat(pointCount(s.readFrame())).isEqualTo(2);
            s.write(ok(2, 0));
        });
        try (TsdbClient client = builder().maxInFlight(1).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(2).add(1, 1, 1).add(1, 2, 2);
            client.sendBatch(batch);
            client.sendBatch(batch);
            assertThatThrownBy(client::flush).isInstanceOfSatisfying(ServerErrorException.class, ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.PAYLOAD_TOO_LONG);
                assertThat(ex.failedPoints()).isEqualTo(2);
            });
            assertThat(client.isConnected()).isTrue();
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldTimeOutAndCloseWhenServerDoesNotAnswer() throws Exception {
        final CountDownLatch done = new CountDownLatch(1);
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            done.await(10, TimeUnit.SECONDS);
        });
        try (TsdbClient client = builder().requestTimeout(Duration.ofMillis(200)).build()) {
            client.connect();
            final long start = System.nanoTime();
            assertThatThrownBy(() -> client.insert(1, 2, 3.0))
                .isInstanceOfSatisfying(RequestTimeoutException.class, ex -> {
                    assertThat(ex.unacknowledgedRequests()).isEqualTo(1);
                    assertThat(ex.unacknowledgedPoints()).isEqualTo(1);
                });
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
            assertThat(client.isConnected()).isFalse();
        } finally {
            done.countDown();
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldReportInFlightRequestsWhenConnectionDropsThenReconnect() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            s.readFrame();
            s.readFrame();
            s.closeConnection();
            s.accept();
            assertThat(s.readFrameHex()).isEqualTo(goldenHex("insert"));
            s.write(ok(1, 0));
        });
        try (TsdbClient client = builder().build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(10);
            for (int i = 0; i < 10; i++) {
                batch.add(1, i, i);
            }
            client.sendBatch(batch);
            client.sendBatch(batch);
            assertThatThrownBy(() -> client.insert(9, 9, 9.0))
                .isInstanceOfSatisfying(ConnectionLostException.class, ex -> {
                    assertThat(ex).isNotInstanceOf(RequestTimeoutException.class);
                    assertThat(ex.unacknowledgedRequests()).isEqualTo(3);
                    assertThat(ex.unacknowledgedPoints()).isEqualTo(21);
                });
            assertThat(client.isConnected()).isFalse();

            assertThat(client.insert(1, 2542244864L, 100.0)).isEqualTo(new InsertResult(1, 0));
            assertThat(client.isConnected()).isTrue();
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldRetryIdempotentPingOnNewConnection() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            s.closeConnection();
            s.accept();
            assertThat(s.readFrameHex()).isEqualTo(goldenHex("ping"));
            s.write(golden("ok_ping"));
        });
        try (TsdbClient client = builder().build()) {
            client.connect();
            assertThat(client.ping()).isPositive();
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCloseConnectionAfterFatalError() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            s.write(error(ErrorCode.UNKNOWN_TYPE, "type=0x42"));
            s.closeConnection();
        });
        try (TsdbClient client = builder().reconnect(false).build()) {
            client.connect();
            assertThatThrownBy(client::ping).isInstanceOfSatisfying(ServerErrorException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
            assertThat(client.isConnected()).isFalse();
            assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("reconnect is disabled");
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldFailClearlyWhenNothingListens() throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TsdbClient client = TsdbClient.builder().port(port).reconnectAttempts(2)
            .reconnectBackoff(Duration.ofMillis(10)).build()) {
            assertThatThrownBy(client::connect).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("cannot connect to").hasMessageContaining("after 2 attempt(s)");
        }
    }

    @Test
    void shouldRequireConnectBeforeUse() {
        try (TsdbClient client = builder().build()) {
            assertThatThrownBy(() -> client.insert(1, 2, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connect()");
        }
    }

    @Test
    void shouldRejectUnsolicitedAnswer() throws Exception {
        final CompletableFuture<Void> script = server.run(s -> {
            s.accept();
            s.readFrame();
            s.write(golden("data"));
        });
        try (TsdbClient client = builder().reconnect(false).build()) {
            client.connect();
            assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("expected ok but the server sent data");
        }
        script.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldValidateBuilderArguments() {
        assertThatThrownBy(() -> TsdbClient.builder().port(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TsdbClient.builder().requestTimeout(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TsdbClient.builder().batchSize(WriteBatch.MAX_CAPACITY + 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WriteBatch(1).add(1, 1, 1).add(2, 2, 2)).isInstanceOf(IllegalStateException.class);
    }
}
