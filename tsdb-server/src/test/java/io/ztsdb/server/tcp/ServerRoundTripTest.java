// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.ConnectionLostException;
import io.ztsdb.client.InsertResult;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java client against the real server over loopback: bulk round trip bit for bit, and reconnect. */
class ServerRoundTripTest {
    private static final int SERIES = 1000;
    private static final int POINTS_PER_SERIES = 1000;
    private static final long SEED = 0x5EED_2026L;

    @TempDir
    Path dataDir;

    /** Value bits of point {@code i} of a series: random doubles, NaN payloads, infinities, -0.0, subnormals. */
    private static long valueBits(final SplittableRandom random, final int i) {
        return switch (i % 10) {
            case 0 -> 0x7ff0_0000_0000_0001L + random.nextLong(0x000f_ffff_ffff_fffeL); // NaN with a payload
            case 1 -> 0xfff8_0000_0000_0000L | random.nextLong(1L << 51); // negative quiet NaN with a payload
            case 2 -> Double.doubleToRawLongBits(i % 20 == 2 ? Double.NEGATIVE_INFINITY : -0.0);
            case 3 -> random.nextLong(1L << 52); // subnormal
            default -> random.nextLong();
        };
    }

    @Test
    void shouldRoundTripMillionPointsAcrossThousandSeriesBitExact() {
        System.out.println("ServerRoundTripTest seed=0x" + Long.toHexString(SEED));
        try (ServerRuntime runtime = TestServer.start(dataDir);
             TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(runtime.tcpPort()).build()) {
            client.connect();
            final SplittableRandom random = new SplittableRandom(SEED);
            final WriteBatch batch = new WriteBatch(10_000);
            for (int i = 0; i < POINTS_PER_SERIES; i++) {
                for (int s = 1; s <= SERIES; s++) {
                    batch.add(s, 1_700_000_000_000L + i * 1000L + random.nextInt(1000),
                        Double.longBitsToDouble(valueBits(random, i)));
                    if (batch.isFull()) {
                        client.sendBatch(batch);
                        batch.clear();
                    }
                }
            }
            client.sendBatch(batch);
            final InsertResult result = client.flush();
            assertThat(result.accepted()).isEqualTo((long) SERIES * POINTS_PER_SERIES);
            assertThat(result.rejected()).isZero();

            final SplittableRandom expected = new SplittableRandom(SEED);
            final long[][] timestamps = new long[SERIES + 1][POINTS_PER_SERIES];
            final long[][] bits = new long[SERIES + 1][POINTS_PER_SERIES];
            for (int i = 0; i < POINTS_PER_SERIES; i++) {
                for (int s = 1; s <= SERIES; s++) {
                    timestamps[s][i] = 1_700_000_000_000L + i * 1000L + expected.nextInt(1000);
                    bits[s][i] = valueBits(expected, i);
                }
            }
            final QueryResult points = new QueryResult();
            for (int s = 1; s <= SERIES; s++) {
                client.query(s, Long.MIN_VALUE, Long.MAX_VALUE, points);
                assertThat(points.size()).as("series %d", s).isEqualTo(POINTS_PER_SERIES);
                for (int i = 0; i < POINTS_PER_SERIES; i++) {
                    assertThat(points.timestampMillis(i)).as("series %d point %d", s, i).isEqualTo(timestamps[s][i]);
                    if (points.valueBits(i) != bits[s][i]) {
                        assertThat(Long.toHexString(points.valueBits(i))).as("series %d point %d", s, i)
                            .isEqualTo(Long.toHexString(bits[s][i]));
                    }
                }
            }
        }
    }

    @Test
    void shouldReconnectAfterServerDroppedConnection() throws Exception {
        ServerRuntime runtime = TestServer.start(dataDir);
        final int port = runtime.tcpPort();
        try (TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(port)
            .reconnectBackoff(Duration.ofMillis(50)).reconnectAttempts(20).build()) {
            client.connect();
            assertThat(client.insert(1, 1000, 1.0).accepted()).isEqualTo(1);

            // Drop every connection: stop the server, start a new one on the same port.
            runtime.close();
            runtime = ServerRuntime.start(new ServerConfig().port(port).webPort(0).bindAddress("127.0.0.1")
                .dataDir(dataDir.resolve("second")));

            // The first insert may see the dead connection (inserts are never retried by the client) ...
            try {
                client.insert(1, 2000, 2.0);
            } catch (final ConnectionLostException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            // ... after which the client reconnects by itself.
            assertThat(client.ping()).isGreaterThanOrEqualTo(0);
            assertThat(client.insert(1, 3000, 3.0).accepted()).isEqualTo(1);
            final QueryResult points = client.query(1, 0, Long.MAX_VALUE);
            assertThat(points.timestampMillis(points.size() - 1)).isEqualTo(3000);
        } finally {
            runtime.close();
        }
    }
}
