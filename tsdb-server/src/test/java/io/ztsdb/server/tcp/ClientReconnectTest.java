// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import java.nio.file.Path;
import java.time.Duration;

import io.ztsdb.client.ConnectionLostException;
import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server restart drops the client's connection; the next call reconnects. */
class ClientReconnectTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldReportLostConnectionThenReconnectToRestartedServer() {
        ServerRuntime server = TestServer.start(dataDir.resolve("a"));
        final int port = server.tcpPort();
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(port)
            .reconnectAttempts(20).reconnectBackoff(Duration.ofMillis(50)).build()) {
            client.connect();
            assertThat(client.insert(1, 1000, 1.0)).isEqualTo(new InsertResult(1, 0));

            server.close();
            final WriteBatch batch = new WriteBatch(10);
            for (int i = 0; i < 10; i++) {
                batch.add(1, 2000 + i, i);
            }
            assertThatThrownBy(() -> {
                // The first write after the peer closed may still be accepted by the kernel; the answer never comes.
                client.sendBatch(batch);
                client.flush();
            }).isInstanceOf(ConnectionLostException.class);
            assertThat(client.isConnected()).isFalse();

            server = ServerRuntime.start(new ServerConfig().port(port).webPort(0).bindAddress("127.0.0.1")
                .dataDir(dataDir.resolve("b")));
            assertThat(client.ping()).isPositive();
            assertThat(client.insert(1, 3000, 3.0)).isEqualTo(new InsertResult(1, 0));
            assertThat(client.query(1, 0, Long.MAX_VALUE).size()).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    @Test
    void shouldFailFastWhenReconnectIsDisabled() {
        final ServerRuntime server = TestServer.start(dataDir);
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(server.tcpPort()).reconnect(false)
            .build()) {
            client.connect();
            client.ping();
            server.close();
            assertThatThrownBy(() -> client.insert(1, 1, 1)).isInstanceOf(ConnectionLostException.class);
            assertThatThrownBy(client::ping).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("reconnect is disabled");
        } finally {
            server.close();
        }
    }
}
