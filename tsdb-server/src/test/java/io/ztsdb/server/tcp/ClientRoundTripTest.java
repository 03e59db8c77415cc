// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java client against the real server over loopback: everything written comes back bit for bit. */
class ClientRoundTripTest {
    private static final long SEED = 20261129L;
    private static final int SERIES = 1_000;
    private static final int POINTS_PER_SERIES = 1_000;
    private static final long START_MILLIS = 1_700_000_000_000L;

    @TempDir
    Path dataDir;
    private ServerRuntime server;
    private TsdbClient client;

    @BeforeEach
    void setUp() {
        server = TestServer.start(dataDir);
        client = TsdbClient.builder().host("127.0.0.1").port(server.tcpPort())
            .requestTimeout(Duration.ofSeconds(30)).build();
        client.connect();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    /** Value bits of point i of series s: random, with NaN payloads, -0.0 and infinities mixed in. */
    private static long valueBits(final SplittableRandom random, final int i) {
        return switch (i % 10) {
            case 0 -> 0x7ff8_0000_0000_0000L | (random.nextLong() & 0x0007_ffff_ffff_ffffL) | 1L;
            case 1 -> Double.doubleToRawLongBits(-0.0);
            case 2 -> Double.doubleToRawLongBits(i % 20 == 2 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            case 3 -> Double.doubleToRawLongBits(random.nextDouble() * 100);
            default -> random.nextLong() & ~(0x7ffL << 52) | ((long)random.nextInt(0x7fe) + 1) << 52;
        };
    }

    @Test
    void shouldRoundTripMillionPointsAcrossThousandSeriesBitExact() {
        final long[][] expected = new long[SERIES][POINTS_PER_SERIES];
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int s = 0; s < SERIES; s++) {
            for (int i = 0; i < POINTS_PER_SERIES; i++) {
                expected[s][i] = valueBits(random, i);
            }
        }

        final long start = System.nanoTime();
        for (int i = 0; i < POINTS_PER_SERIES; i++) {
            for (int s = 0; s < SERIES; s++) {
                client.add(s + 1, START_MILLIS + i * 1000L, Double.longBitsToDouble(expected[s][i]));
            }
        }
        final InsertResult result = client.flush();
        final long elapsedNanos = System.nanoTime() - start;
        System.out.printf("seed=%d: 1M points acknowledged in %.1f ms (%.2f M points/s)%n", SEED,
            elapsedNanos / 1e6, SERIES * POINTS_PER_SERIES * 1e3 / elapsedNanos);

        assertThat(result).isEqualTo(new InsertResult((long)SERIES * POINTS_PER_SERIES, 0));
        final QueryResult points = new QueryResult();
        for (int s = 0; s < SERIES; s++) {
            client.query(s + 1, Long.MIN_VALUE, Long.MAX_VALUE, points);
            assertThat(points.size()).as("series %d", s + 1).isEqualTo(POINTS_PER_SERIES);
            for (int i = 0; i < POINTS_PER_SERIES; i++) {
                assertThat(points.timestampMillis(i)).isEqualTo(START_MILLIS + i * 1000L);
                if (points.valueBits(i) != expected[s][i]) {
                    assertThat(Long.toHexString(points.valueBits(i))).as("seed=%d series=%d point=%d", SEED, s + 1, i)
                        .isEqualTo(Long.toHexString(expected[s][i]));
                }
            }
        }
    }

    @Test
    void shouldRoundTripSinglePointsBatchesAndQueryRanges() {
        assertThat(client.insert(42, 1000, 1.5)).isEqualTo(new InsertResult(1, 0));
        final WriteBatch batch = new WriteBatch(3).add(42, 2000, 2.5).add(42, 3000, 3.5).add(43, 1000, -1);
        assertThat(client.insertBatch(batch)).isEqualTo(new InsertResult(3, 0));
        assertThat(client.ping()).isPositive();

        final QueryResult range = client.query(42, 1500, 3000);
        assertThat(range.size()).isEqualTo(2);
        assertThat(range.timestampMillis(0)).isEqualTo(2000);
        assertThat(range.value(1)).isEqualTo(3.5);
        assertThat(client.query(44, 0, Long.MAX_VALUE).size()).isZero();
    }

    @Test
    void shouldCountOutOfOrderPointsAsRejected() {
        client.insert(7, 5000, 1);
        final WriteBatch batch = new WriteBatch(2).add(7, 4000, 2).add(7, 6000, 3);
        final InsertResult result = client.insertBatch(batch);
        assertThat(result.accepted() + result.rejected()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(1);
    }
}
