// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockMeta;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.io.DefaultFileOps;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactorTest {
    private static final long HOUR = 3_600_000;

    @TempDir
    Path dir;

    /** Block with series {@code ids}, one chunk each at {@code time}, data = [id, time/HOUR]. */
    private void addBlock(final BlockStore store, final long time, final long... ids) {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, store.newSequence(), 0)) {
            for (final long id : ids) {
                final byte[] data = {(byte) id, (byte) (time / HOUR)};
                writer.addChunk(id, time, time + 1000, 10, (byte) 1, new UnsafeBuffer(data), 0, 2);
            }
            store.add(writer.finish());
        }
    }

    @Test
    void shouldMergeBlocksOfAClosedWindowKeepingEveryChunkInTimeOrder() {
        final CompactionPlanner planner = new CompactionPlanner(2 * HOUR, 18 * HOUR);
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            addBlock(store, HOUR / 2, 1, 3);
            addBlock(store, 0, 2, 3);
            addBlock(store, 2 * HOUR, 1);
            assertThat(planner.plan(store.blocks(), 3 * HOUR)).isEmpty();
            final List<Block> plan = planner.plan(store.blocks(), 4 * HOUR);
            assertThat(plan).extracting(b -> b.meta().sequence()).containsExactlyInAnyOrder(0L, 1L);
            final BlockMeta merged = new Compactor(DefaultFileOps.INSTANCE).compact(store, plan);
            assertThat(merged.level()).isEqualTo(1);
            assertThat(merged.parents()).containsExactlyInAnyOrder(0L, 1L);
            assertThat(merged.chunkCount()).isEqualTo(4);
            assertThat(store.blocks()).extracting(b -> b.meta().sequence()).containsExactly(3L, 2L);

            final Block block = store.blocks().getFirst();
            final List<String> chunks = new ArrayList<>();
            final UnsafeBuffer view = new UnsafeBuffer(0, 0);
            for (int s = 0; s < block.seriesCount(); s++) {
                for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
                    block.chunkData(c, view);
                    chunks.add(block.seriesId(s) + "@" + block.chunkMinTime(c) + "=" + view.getByte(0));
                }
            }
            assertThat(chunks).containsExactly("1@1800000=1", "2@0=2", "3@0=3", "3@1800000=3");

            // The next level merges the 6 h window once it has closed.
            addBlock(store, 4 * HOUR, 5);
            assertThat(planner.plan(store.blocks(), 8 * HOUR)).hasSize(3);
        }
    }

    @Test
    void shouldParseRetentionDurations() {
        assertThat(RetentionPolicy.parseDurationMillis("15d")).isEqualTo(15 * 24 * HOUR);
        assertThat(RetentionPolicy.parseDurationMillis("12h")).isEqualTo(12 * HOUR);
        assertThat(RetentionPolicy.parseDurationMillis("500ms")).isEqualTo(500);
        assertThat(RetentionPolicy.parseDurationMillis("30m")).isEqualTo(30 * 60_000);
        assertThatThrownBy(() -> RetentionPolicy.parseDurationMillis("soon"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soon");
        assertThat(new RetentionPolicy(HOUR).cutoffMillis(5 * HOUR)).isEqualTo(4 * HOUR);
        assertThat(new RetentionPolicy(0).cutoffMillis(5 * HOUR)).isEqualTo(Long.MIN_VALUE);
    }
}
