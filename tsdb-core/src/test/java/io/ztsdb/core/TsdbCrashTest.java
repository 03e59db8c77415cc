// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a child JVM that ingests through {@link Tsdb} with {@code kill -9} at random moments, several rounds,
 * and checks after each that every acknowledged batch is present bit-exact and that no batch is half-present.
 * Background persistence, WAL checkpoints and compaction run in the child meanwhile, so kills land in them too.
 */
class TsdbCrashTest {
    private static final int ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 110, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedBatchWholeAcrossKillNine() throws Exception {
        final long seed = System.nanoTime();
        System.out.println("TsdbCrashTest seed=" + seed);
        final Random random = new Random(seed);
        final long[] acknowledged = new long[CrashIngestMain.WRITERS];
        Arrays.fill(acknowledged, -1);
        for (int round = 0; round < ROUNDS; round++) {
            final AtomicLongArray acks = runAndKill(random.nextInt(300, 1800));
            for (int w = 0; w < CrashIngestMain.WRITERS; w++) {
                acknowledged[w] = Math.max(acknowledged[w], acks.get(w));
            }
            verify(acknowledged, round);
        }
        assertThat(Arrays.stream(acknowledged).min().orElseThrow()).as("batches acknowledged").isPositive();
    }

    private AtomicLongArray runAndKill(final long killAfterMillis) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashIngestMain.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final AtomicLongArray acks = new AtomicLongArray(CrashIngestMain.WRITERS);
        for (int w = 0; w < CrashIngestMain.WRITERS; w++) {
            acks.set(w, -1);
        }
        final CountDownLatch ready = new CountDownLatch(1);
        final Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("A ")) {
                        final String[] parts = line.split(" ");
                        acks.accumulateAndGet(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Math::max);
                    }
                }
            } catch (final java.io.IOException ignored) {
                // the child died
            }
        });
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("child started").isTrue();
        Thread.sleep(killAfterMillis);
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        return acks;
    }

    private void verify(final long[] acknowledged, final int round) {
        try (Tsdb tsdb = Tsdb.open(dir, CrashIngestMain.config())) {
            for (int w = 0; w < CrashIngestMain.WRITERS; w++) {
                final long[] counts = new long[2];
                for (int s = 0; s < 2; s++) {
                    final long seriesId = 2L * w + s;
                    long index = 0;
                    try (SampleCursor cursor = tsdb.query(seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
                        while (cursor.next()) {
                            assertThat(cursor.timestampMillis()).as("round %d series %d point %d", round, seriesId,
                                index).isEqualTo(CrashIngestMain.timestamp(index));
                            assertThat(Double.doubleToRawLongBits(cursor.value())).as("round %d series %d point %d",
                                round, seriesId, index).isEqualTo(
                                Double.doubleToRawLongBits(CrashIngestMain.value(seriesId, index)));
                            index++;
                        }
                    }
                    counts[s] = index;
                }
                assertThat(counts[0]).as("round %d writer %d: both series of every batch", round, w)
                    .isEqualTo(counts[1]);
                assertThat(counts[0] % CrashIngestMain.HALF_BATCH).as("round %d writer %d: whole batches", round, w)
                    .isZero();
                assertThat(counts[0] / CrashIngestMain.HALF_BATCH).as("round %d writer %d: acknowledged batches",
                    round, w).isGreaterThanOrEqualTo(acknowledged[w] + 1);
            }
            System.out.println("TsdbCrashTest round " + round + ": acknowledged=" + Arrays.toString(acknowledged) +
                " blocks=" + tsdb.storageStats().blocks().size() + " points=" + tsdb.stats().pointCount());
        }
    }
}
