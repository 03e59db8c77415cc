// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.memory.MemoryTag;
import io.ztsdb.core.memory.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.ztsdb.core.TsdbDurabilityTest.assertSeries;
import static io.ztsdb.core.TsdbDurabilityTest.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** The head memory limit during WAL replay: a WAL-heavy restart persists on the way and loses nothing. */
class TsdbReplayMemoryTest {
    private static final int SERIES = 200;
    private static final int POINTS = 2000;
    private static final long LIMIT = 1024 * 1024;

    @TempDir
    Path dir;

    /** Nothing is persisted while writing: the whole data set stays in the WAL. */
    private static TsdbConfig walOnlyConfig() {
        return new TsdbConfig().shardCount(2).walSegmentLengthBytes(1024 * 1024).blockPartitionMillis(3_600_000L)
            .headMemoryLimitBytes(1L << 30).persistIntervalMillis(3_600_000L).walCheckpointBytes(1L << 40);
    }

    private static TsdbConfig limitedConfig() {
        return walOnlyConfig().headMemoryLimitBytes(LIMIT);
    }

    private void writeWalOnly() {
        try (Tsdb tsdb = Tsdb.open(dir, walOnlyConfig())) {
            for (long s = 0; s < SERIES; s++) {
                tsdb.insertBatch(batch(s, 0, POINTS), 0, POINTS);
            }
            assertThat(tsdb.storageStats().blocks()).isEmpty();
            // Random bit patterns hardly compress: several MiB of sealed chunks, far above the limit below.
            assertThat(tsdb.stats().headMemoryBytes()).isGreaterThan(3 * LIMIT);
        }
    }

    /** Opens with a sampler thread that records the most sealed head memory seen during the replay. */
    private static Tsdb openSampled(final Path dir, final TsdbConfig config, final AtomicLong peakSealed)
        throws InterruptedException {
        final AtomicBoolean done = new AtomicBoolean();
        final long before = NativeMemory.bytesInUse(MemoryTag.HEAD_SEALED_CHUNK);
        final Thread sampler = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                peakSealed.accumulateAndGet(NativeMemory.bytesInUse(MemoryTag.HEAD_SEALED_CHUNK) - before, Math::max);
                Thread.onSpinWait();
            }
        });
        try {
            return Tsdb.open(dir, config);
        } finally {
            done.set(true);
            sampler.join();
        }
    }

    @Test
    void shouldPersistDuringReplayWhenTheHeadPassesItsLimit() throws Exception {
        writeWalOnly();
        final AtomicLong peakSealed = new AtomicLong();
        try (Tsdb tsdb = openSampled(dir, limitedConfig(), peakSealed)) {
            // Blocks written by the replay itself (maintenance waits a tick before its first persist).
            assertThat(tsdb.storageStats().blocks()).isNotEmpty();
            // Half the limit starts a persist; the replay checks every MiB of WAL payload (~44,000 points, ~0.4 MiB of
            // these chunks) between two checks.
            assertThat(peakSealed.get()).isLessThan(LIMIT / 2 + LIMIT);
            assertThat(tsdb.stats().pointCount()).isEqualTo((long) SERIES * POINTS);
            for (long s = 0; s < SERIES; s++) {
                assertSeries(tsdb, s, POINTS);
            }
        }
        // Blocks from the replay + the whole WAL again: the floors skip what the blocks hold, no duplicates.
        try (Tsdb tsdb = Tsdb.open(dir, limitedConfig())) {
            for (long s = 0; s < SERIES; s++) {
                assertSeries(tsdb, s, POINTS);
            }
            assertThat(tsdb.stats().pointCount()).isEqualTo((long) SERIES * POINTS);
        }
    }

    @Test
    void shouldWithoutALimitKeepTheWholeReplayInTheHead() throws Exception {
        writeWalOnly();
        final AtomicLong peakSealed = new AtomicLong();
        try (Tsdb tsdb = openSampled(dir, walOnlyConfig(), peakSealed)) {
            assertThat(tsdb.storageStats().blocks()).isEmpty();
            assertThat(tsdb.stats().headMemoryBytes()).isGreaterThan(3 * LIMIT);
        }
    }

    @Test
    void shouldRecoverWhenACrashLeftOnlyAPrefixOfTheReplayBlocks() throws Exception {
        writeWalOnly();
        final int blocks;
        try (Tsdb tsdb = Tsdb.open(dir, limitedConfig())) {
            blocks = tsdb.storageStats().blocks().size();
        }
        assertThat(blocks).isGreaterThan(1);
        // A crash before the last blocks were renamed into place: drop the newest half of them.
        final var newest = tsdb(dir).stream().sorted(Comparator.reverseOrder()).limit(blocks / 2).toList();
        for (final Path block : newest) {
            io.ztsdb.core.io.DefaultFileOps.INSTANCE.deleteRecursively(block);
        }
        try (Tsdb tsdb = Tsdb.open(dir, limitedConfig())) {
            for (long s = 0; s < SERIES; s++) {
                assertSeries(tsdb, s, POINTS);
            }
            assertThat(tsdb.stats().pointCount()).isEqualTo((long) SERIES * POINTS);
        }
    }

    private static java.util.List<Path> tsdb(final Path dir) throws IOException {
        try (var list = java.nio.file.Files.list(dir.resolve("blocks"))) {
            return list.filter(p -> p.getFileName().toString().matches("b-\\d+")).toList();
        }
    }
}
