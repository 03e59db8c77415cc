// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link QueryWarmup} and its {@link LoopbackGet} against a real server: nothing to warm on an empty store; with
 * stored series, answered {@code /query} requests through the server's own HTTP API, within the request cap, for
 * the longest series in both JSON forms; answers with a content length, chunked answers and errors read whole; the
 * connection warm-up against a server and against a closed port; the wait for the JIT compilers.
 */
class QueryWarmupTest {
    @TempDir
    Path dir;

    @Test
    void warmsWithTheLongestSeriesAndSkipsAnEmptyStore() {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0)
            .bindAddress("127.0.0.1").dataDir(dir))) {
            assertThat(QueryWarmup.run(runtime.tsdb(), "127.0.0.1", runtime.httpPort())).isZero();
            for (long series = 1; series <= QueryWarmup.SERIES + 2; series++) {
                for (int i = 0; i < 10 * series; i++) {
                    runtime.tsdb().insert(series, 1_000L * i, i * 0.5);
                }
            }
            final List<String> targets = QueryWarmup.targets(runtime.tsdb());
            assertThat(targets).hasSize(2 * QueryWarmup.SERIES);
            assertThat(targets.get(0)).isEqualTo("/query?series=10&start=0&end=99000");
            assertThat(targets.get(1)).isEqualTo("/query?series=10&start=0&end=99000&format=compact");
            assertThat(targets.getLast()).isEqualTo("/query?series=3&start=0&end=29000&format=compact");
            final int answered = QueryWarmup.run(runtime.tsdb(), "127.0.0.1", runtime.httpPort());
            assertThat(answered).isPositive()
                .isLessThanOrEqualTo(QueryWarmup.MAX_REQUESTS + QueryWarmup.ROUNDS * QueryWarmup.ROUND_QUERIES);
        }
    }

    @Test
    void sendsTheMinimumPastTheBudgetUpToTheLimit() {
        final long budget = TimeUnit.MILLISECONDS.toNanos(QueryWarmup.BUDGET_MILLIS);
        final long max = TimeUnit.MILLISECONDS.toNanos(QueryWarmup.MAX_MILLIS);
        assertThat(QueryWarmup.more(1, 0)).isTrue();
        assertThat(QueryWarmup.more(QueryWarmup.MIN_REQUESTS, budget - 1)).isTrue();
        assertThat(QueryWarmup.more(QueryWarmup.MAX_REQUESTS, 0)).isFalse();
        assertThat(QueryWarmup.more(QueryWarmup.MIN_REQUESTS - 1, budget)).as("below the minimum").isTrue();
        assertThat(QueryWarmup.more(QueryWarmup.MIN_REQUESTS, budget)).as("minimum reached").isFalse();
        assertThat(QueryWarmup.more(QueryWarmup.MIN_REQUESTS - 1, max)).as("past the limit").isFalse();
    }

    @Test
    void startsRoundsUpToTheirNumberWithinTheirTime() {
        final long max = TimeUnit.MILLISECONDS.toNanos(QueryWarmup.ROUNDS_MAX_MILLIS);
        assertThat(QueryWarmup.moreRounds(0, 0)).isTrue();
        assertThat(QueryWarmup.moreRounds(QueryWarmup.ROUNDS - 1, max - 1)).isTrue();
        assertThat(QueryWarmup.moreRounds(QueryWarmup.ROUNDS, 0)).as("all rounds done").isFalse();
        assertThat(QueryWarmup.moreRounds(1, max)).as("out of time").isFalse();
    }

    @Test
    void readsWholeAnswersOnANewConnectionEach() throws Exception {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0)
            .bindAddress("127.0.0.1").dataDir(dir))) {
            // 40,000 points: about 1.9 MB of JSON, sent in chunks (bodies above 1 MiB).
            final int points = 40_000;
            final MemorySegment batch = MemorySegment.ofArray(new byte[points * PointDescriptor.LENGTH]);
            for (int i = 0; i < points; i++) {
                final long at = (long) i * PointDescriptor.LENGTH;
                batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, 7);
                batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, 1_700_000_000_000L + 1_000L * i);
                batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, i * 0.25);
            }
            assertThat(runtime.tsdb().insertBatch(batch, 0, points).acceptedPoints()).isEqualTo(points);
            final LoopbackGet client = new LoopbackGet("127.0.0.1", runtime.httpPort(), 10_000);
            assertThat(client.get("/query?series=7&start=0&end=9999999999999")).isEqualTo(200);
            assertThat(client.get("/query?series=7&start=0&end=9999999999999&format=compact")).isEqualTo(200);
            assertThat(client.get("/query?series=7&start=10&end=5")).isEqualTo(400);
            assertThat(client.get("/query?series=7&start=1700000000000&end=1700000001000")).isEqualTo(200);
        }
    }

    @Test
    void sendsRequestsInTurnAndFailsOnAFailedOne() throws Exception {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).webPort(0)
            .bindAddress("127.0.0.1").dataDir(dir))) {
            final LoopbackGet client = new LoopbackGet("127.0.0.1", runtime.httpPort(), 10_000);
            assertThat(QueryWarmup.send(client, List.of("/healthz"), 0, 50, 60_000)).isEqualTo(50);
            assertThat(QueryWarmup.send(client, List.of("/healthz", "/stats"), 1, 3, 0)).as("one past the time")
                .isEqualTo(1);
            assertThatThrownBy(() -> QueryWarmup.send(client, List.of("/healthz", "/no-such-path"), 0, 2, 60_000))
                .isInstanceOf(IOException.class).hasMessage("HTTP 404");
        }
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> QueryWarmup.send(new LoopbackGet("127.0.0.1", closedPort, 1_000),
            List.of("/healthz"), 0, 1, 60_000)).isInstanceOf(IOException.class);
    }

    @Test
    void waitsForTheCompilersAtLeastTheQuietTimeAndGivesUpAtTheLimit() {
        assertThat(CompilerActivity.nanos()).as("compiler threads seen in /proc").isPositive();
        assertThat(CompilerActivity.awaitQuiet(50, 60_000)).isGreaterThanOrEqualTo(50);
        assertThat(CompilerActivity.awaitQuiet(60_000, 0)).isLessThan(60_000);
    }
}
