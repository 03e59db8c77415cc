// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ztsdb.core.TsdbDurabilityTest.assertSeries;
import static io.ztsdb.core.TsdbDurabilityTest.batch;
import static org.assertj.core.api.Assertions.assertThat;

/** The maintenance thread works through a compaction backlog by more than one merge per tick. */
class TsdbCompactionPaceTest {
    private static final int SERIES = 200;
    private static final int POINTS = 2000;

    @TempDir
    Path dir;

    /** Ten-minute partitions: 2,000 points 10 s apart span 34 of them. */
    private static TsdbConfig config(final long headMemoryLimitBytes) {
        return new TsdbConfig().shardCount(2).walSegmentLengthBytes(1024 * 1024).blockPartitionMillis(600_000L)
            .headMemoryLimitBytes(headMemoryLimitBytes).persistIntervalMillis(3_600_000L)
            .walCheckpointBytes(1L << 40);
    }

    @Test
    void shouldMergeManyWindowsPerMaintenanceTick() throws InterruptedException {
        try (Tsdb tsdb = Tsdb.open(dir, config(1L << 30))) {
            for (long s = 0; s < SERIES; s++) {
                tsdb.insertBatch(batch(s, 0, POINTS), 0, POINTS);
            }
        }
        // The replay under a 1 MiB limit persists several times, each into one block per partition: a backlog of
        // level-0 blocks, several per ten-minute window, for the background thread (ticks of 1 s) to merge.
        try (Tsdb tsdb = Tsdb.open(dir, config(1024 * 1024))) {
            final int initial = tsdb.storageStats().blocks().size();
            assertThat(initial).isGreaterThan(90);
            final long deadline = System.nanoTime() + 6_000_000_000L;
            while (tsdb.storageStats().blocks().size() > initial - 60 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // One merge per tick (~3 level-0 blocks per window here) would remove only ~2-3 blocks a second.
            assertThat(tsdb.storageStats().blocks().size()).isLessThanOrEqualTo(initial - 60);
            for (long s = 0; s < SERIES; s += 13) {
                assertSeries(tsdb, s, POINTS);
            }
        }
    }
}
