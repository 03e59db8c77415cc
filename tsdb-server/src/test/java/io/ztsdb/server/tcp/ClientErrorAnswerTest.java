// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import java.nio.file.Path;
import java.util.Map;

import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.protocol.Aggregation;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Error answers of the real server surface as ServerErrorException, and the connection stays usable. */
class ClientErrorAnswerTest {
    @TempDir
    Path dataDir;
    private ServerRuntime server;
    private TsdbClient client;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dataDir);
        client = TsdbClient.builder().host("127.0.0.1").port(server.tcpPort()).build();
        client.connect();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Test
    void shouldSurfaceInvalidQueryRangeAsServerError() {
        assertThatThrownBy(() -> client.query(1, 2000, 1000)).isInstanceOfSatisfying(ServerErrorException.class,
            ex -> {
                assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(ex.serverMessage()).isNotBlank();
            });
        assertThat(client.ping()).isPositive();
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void shouldSurfaceStepWithoutAggregationAsServerError() {
        assertThatThrownBy(() -> client.query(1, 0, 1000, 10, Aggregation.NONE))
            .isInstanceOfSatisfying(ServerErrorException.class,
                ex -> assertThat(ex.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(client.insert(1, 1, 1).accepted()).isEqualTo(1);
    }

    @Test
    void shouldAnswerRegisterSeriesWithIdOrErrorCode() {
        try {
            final long id = client.registerSeries("container.cpu.usage", Map.of("container_id", "abc"));
            assertThat(client.registerSeries("container.cpu.usage", Map.of("container_id", "abc"))).isEqualTo(id);
        } catch (final ServerErrorException ex) {
            // A server without the named-series registry answers with a code, never a dropped connection.
            assertThat(ex.code()).isPositive();
            assertThat(ex.errorCode()).isNotNull();
        }
        assertThat(client.ping()).isPositive();
    }
}
