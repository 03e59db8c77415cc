// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.SecurityCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --max-connections, --idle-timeout and --max-inflight-bytes on the binary protocol. */
class TcpLimitsTest {
    @TempDir
    Path dir;

    private ServerRuntime start(final ServerConfig config) {
        return TestServer.start(config, dir.resolve("data"));
    }

    @Test
    void shouldRefuseConnectionsOverTheLimitAndAdmitAgainOnceOneCloses() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxConnections(2);
        try (ServerRuntime server = start(config);
             RawConnection second = new RawConnection(server.tcpPort())) {
            final RawConnection first = new RawConnection(server.tcpPort());
            for (final RawConnection open : new RawConnection[] {first, second}) {
                open.send(RawConnection.frames(e -> e.ping()));
                assertThat(open.read().type()).isEqualTo(MessageType.OK);
            }
            try (RawConnection third = new RawConnection(server.tcpPort())) {
                final RawConnection.Frame refusal = third.read();
                assertThat(refusal.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE.code());
                assertThat(refusal.describe()).contains("too many connections").contains("--max-connections=2");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(server.security().stats().get(SecurityCounter.TCP_CONNECTIONS_REJECTED)).isEqualTo(1);
            closeQuietly(first);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (RawConnection again = new RawConnection(server.tcpPort())) {
                    again.send(RawConnection.frames(e -> e.ping()));
                    if (again.read().type() == MessageType.OK) {
                        break;
                    }
                }
                assertThat(System.nanoTime()).as("a slot frees when a connection closes").isLessThan(deadline);
                Thread.sleep(20);
            }
            second.send(RawConnection.frames(e -> e.ping()));
            assertThat(second.read().type()).isEqualTo(MessageType.OK);
        }
    }

    private static void closeQuietly(final AutoCloseable connection) throws Exception {
        connection.close();
    }

    @Test
    void shouldCloseIdleConnectionsAndThoseThatNeverFinishAFrame() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().idleTimeoutMillis(300);
        try (ServerRuntime server = start(config);
             RawConnection idle = new RawConnection(server.tcpPort());
             RawConnection dribbling = new RawConnection(server.tcpPort());
             RawConnection busy = new RawConnection(server.tcpPort())) {
            final byte[] insert = RawConnection.frames(e -> e.insert(1, 1000, 1.0));
            final long start = System.nanoTime();
            int sent = 0;
            // One byte of a frame every 50 ms keeps bytes flowing but never completes a request.
            while (System.nanoTime() - start < 1_500_000_000L) {
                if (sent < insert.length - 1) {
                    try {
                        dribbling.send(insert, sent++, 1);
                    } catch (final java.io.IOException closed) {
                        sent = insert.length;
                    }
                }
                busy.send(RawConnection.frames(e -> e.ping()));
                assertThat(busy.read().type()).isEqualTo(MessageType.OK);
                Thread.sleep(50);
            }
            assertThat(idle.closedByServer()).isTrue();
            assertThat(dribbling.closedByServer()).isTrue();
            busy.send(RawConnection.frames(e -> e.ping()));
            assertThat(busy.read().type()).as("a connection with requests stays").isEqualTo(MessageType.OK);
            assertThat(server.security().stats().get(SecurityCounter.TCP_IDLE_CLOSED)).isEqualTo(2);
        }
    }

    @Test
    void shouldReconnectTheJavaClientAfterTheServerClosedItIdle() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().idleTimeoutMillis(100);
        try (ServerRuntime server = start(config);
             TsdbClient client = TsdbClient.builder().port(server.tcpPort()).build()) {
            client.connect();
            assertThat(client.insert(2, 1000, 1.0).accepted()).isEqualTo(1);
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.security().stats().get(SecurityCounter.TCP_IDLE_CLOSED) == 0) {
                assertThat(System.nanoTime()).as("closed for idleness").isLessThan(deadline);
                Thread.sleep(20);
            }
            Thread.sleep(50);
            assertThat(client.insert(2, 2000, 1.0).accepted()).as("insert after the idle close").isEqualTo(1);
            assertThat(TestServer.countPoints(server, 2)).isEqualTo(2);
        }
    }

    @Test
    void shouldRefuseABatchBeyondTheSeriesLimitWhole() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.tsdbConfig().maxSeries(10);
        try (ServerRuntime server = start(config);
             TsdbClient client = TsdbClient.builder().port(server.tcpPort()).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(20);
            for (int s = 1; s <= 8; s++) {
                batch.add(s, 1000, s);
            }
            assertThat(client.insertBatch(batch).accepted()).isEqualTo(8);
            batch.clear();
            for (int s = 1; s <= 12; s++) {
                batch.add(s, 2000, s);
            }
            assertThatThrownBy(() -> client.insertBatch(batch)).isInstanceOfSatisfying(ServerErrorException.class,
                ex -> {
                    assertThat(ex.errorCode()).isEqualTo(ErrorCode.SERIES_LIMIT_EXCEEDED);
                    assertThat(ex.serverMessage()).contains("maxSeries=10").contains("would add 4");
                });
            assertThat(server.security().stats().get(SecurityCounter.SERIES_LIMIT_REFUSALS)).isEqualTo(1);
            assertThat(TestServer.countPoints(server, 1)).as("nothing of the refused batch").isEqualTo(1);
            assertThat(client.insert(1, 3000, 1.0).accepted()).as("existing series go on").isEqualTo(1);
        }
    }

    @Test
    void shouldStopReadingAtTheInFlightLimitAndStillAnswerEverything() throws Exception {
        final ServerConfig config = new ServerConfig();
        config.security().maxInFlightBytes(64 * 1024);
        final int batches = 64;
        final int points = 4096;
        try (ServerRuntime server = start(config);
             TsdbClient client = TsdbClient.builder().port(server.tcpPort()).maxInFlight(64).build()) {
            client.connect();
            final WriteBatch batch = new WriteBatch(points);
            for (int b = 0; b < batches; b++) {
                batch.clear();
                for (int i = 0; i < points; i++) {
                    batch.add(3, (long)b * points + i, i);
                }
                client.sendBatch(batch);
            }
            client.flush();
            assertThat(TestServer.countPoints(server, 3)).isEqualTo((long)batches * points);
            assertThat(server.security().stats().get(SecurityCounter.TCP_INFLIGHT_PAUSES)).isPositive();
        }
    }
}
