// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.durability;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability contract end to end: {@code tsvdb serve} runs in a child JVM, clients send insert_batch
 * frames and count a batch as acknowledged when the server's ok frame arrives, and the test {@code kill -9}s
 * the server at random moments over several rounds. After each restart on the same data directory every
 * acknowledged point is present and bit-exact, and no batch is half-present.
 * <p>
 * Writer {@code w} owns series {@code 2w} and {@code 2w+1}; its batch {@code k} carries points {@code k*H ..
 * k*H+H-1} of both, interleaved, so a half-applied batch shows as unequal or partial counts.
 */
class ServerCrashTest {
    private static final int ROUNDS = 4;
    private static final int WRITERS = 3;
    private static final int HALF_BATCH = 250;
    private static final long T0 = 1_700_000_000_000L;
    private static final Pattern PORT = Pattern.compile("binary protocol on [^:]+:(\\d+)");

    @TempDir
    Path dataDir;

    private static long timestamp(final long index) {
        return T0 + index * 10;
    }

    private static double value(final long seriesId, final long index) {
        return Double.longBitsToDouble(new SplittableRandom(seriesId * 7_919L + index).nextLong());
    }

    private record Server(Process process, int port) {
    }

    private Server start() throws Exception {
        final List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "-Xmx256m",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            Main.class.getName(), "serve", "--bind", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString());
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            final Matcher matcher = PORT.matcher(line);
            if (matcher.find()) {
                Thread.ofPlatform().daemon(true).start(() -> drain(out));
                return new Server(process, Integer.parseInt(matcher.group(1)));
            }
        }
        throw new AssertionError("server did not start: exit=" + process.waitFor());
    }

    private static void drain(final BufferedReader out) {
        try {
            while (out.readLine() != null) {
                continue;
            }
        } catch (final java.io.IOException ignored) {
            // the server died
        }
    }

    private static TsdbClient client(final int port) {
        final TsdbClient client = TsdbClient.builder().host("127.0.0.1").port(port).reconnect(false)
            .requestTimeout(java.time.Duration.ofSeconds(20)).build();
        client.connect();
        return client;
    }

    @Test
    @Timeout(value = 115, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedBatchWholeAcrossKillNineOfTheServer() throws Exception {
        final long seed = System.nanoTime();
        System.out.println("ServerCrashTest seed=" + seed);
        final Random random = new Random(seed);
        final long[] acknowledged = new long[WRITERS];
        Arrays.fill(acknowledged, -1);
        Server server = start();
        for (int round = 0; round < ROUNDS; round++) {
            final long[] next = verify(server.port(), acknowledged, round);
            final AtomicLongArray acks = new AtomicLongArray(WRITERS);
            final List<Thread> writers = new ArrayList<>();
            final int port = server.port();
            for (int w = 0; w < WRITERS; w++) {
                final int writer = w;
                acks.set(w, -1);
                writers.add(Thread.ofPlatform().start(() -> ingest(port, writer, next[writer], acks)));
            }
            Thread.sleep(random.nextInt(400, 1500));
            server.process().destroyForcibly(); // SIGKILL on Linux
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (final Thread writer : writers) {
                writer.join(30_000);
            }
            for (int w = 0; w < WRITERS; w++) {
                acknowledged[w] = Math.max(acknowledged[w], acks.get(w));
            }
            server = start();
        }
        try {
            verify(server.port(), acknowledged, ROUNDS);
        } finally {
            server.process().destroyForcibly();
            server.process().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Arrays.stream(acknowledged).min().orElseThrow()).as("batches acknowledged").isPositive();
    }

    private static void ingest(final int port, final int writer, final long firstBatch, final AtomicLongArray acks) {
        try (TsdbClient client = client(port)) {
            final WriteBatch batch = new WriteBatch(2 * HALF_BATCH);
            for (long k = firstBatch; ; k++) {
                batch.clear();
                for (int p = 0; p < HALF_BATCH; p++) {
                    final long index = k * HALF_BATCH + p;
                    for (int s = 0; s < 2; s++) {
                        final long seriesId = 2L * writer + s;
                        batch.add(seriesId, timestamp(index), value(seriesId, index));
                    }
                }
                final InsertResult result = client.insertBatch(batch);
                if (result.rejected() != 0) {
                    throw new AssertionError("rejected points: writer=" + writer + " batch=" + k);
                }
                acks.set(writer, k);
            }
        } catch (final RuntimeException expected) {
            // the server was killed
        }
    }

    /** Checks every series; returns the next batch number per writer. */
    private static long[] verify(final int port, final long[] acknowledged, final int round) {
        final long[] next = new long[WRITERS];
        try (TsdbClient client = client(port)) {
            for (int w = 0; w < WRITERS; w++) {
                final long[] counts = new long[2];
                for (int s = 0; s < 2; s++) {
                    final long seriesId = 2L * w + s;
                    final QueryResult result = client.query(seriesId, Long.MIN_VALUE, Long.MAX_VALUE);
                    for (int i = 0; i < result.size(); i++) {
                        assertThat(result.timestampMillis(i)).as("round %d series %d point %d", round, seriesId, i)
                            .isEqualTo(timestamp(i));
                        assertThat(result.valueBits(i)).as("round %d series %d point %d", round, seriesId, i)
                            .isEqualTo(Double.doubleToRawLongBits(value(seriesId, i)));
                    }
                    counts[s] = result.size();
                }
                assertThat(counts[0]).as("round %d writer %d: both series of every batch", round, w)
                    .isEqualTo(counts[1]);
                assertThat(counts[0] % HALF_BATCH).as("round %d writer %d: whole batches", round, w).isZero();
                assertThat(counts[0] / HALF_BATCH).as("round %d writer %d: acknowledged batches", round, w)
                    .isGreaterThanOrEqualTo(acknowledged[w] + 1);
                next[w] = counts[0] / HALF_BATCH;
            }
        }
        System.out.println("ServerCrashTest round " + round + ": acknowledged=" + Arrays.toString(acknowledged) +
            " next=" + Arrays.toString(next));
        return next;
    }
}
