// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.compact;

import io.ztsdb.core.SmallTmpfs;
import io.ztsdb.core.StorageFullException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.block.Block;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.block.BlockWriter;
import io.ztsdb.core.chunks.ChunkRewriter;
import io.ztsdb.core.io.DefaultFileOps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Compaction on a real, small tmpfs that fills up (root only): with no space at all and with space for only part
 * of the merged block, a compaction fails with a no-space {@link TsdbException}, leaves no partial block behind and
 * the source blocks whole (in the open store and after reopening); once space is back the same compaction succeeds
 * with every chunk.
 */
@Tag("privileged")
class CompactionFullDiskTest {
    private static final long HOUR = 3_600_000;
    private static final byte OPAQUE_ENCODING = 0x7F;
    private static final int CHUNKS_PER_BLOCK = 150;
    private static final int CHUNK_BYTES = 4096;

    @TempDir
    Path dir;
    private SmallTmpfs tmpfs;

    @BeforeEach
    void mountTmpfs() throws Exception {
        tmpfs = SmallTmpfs.mount(dir, "4m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (tmpfs != null) {
            tmpfs.close();
        }
    }

    private static byte[] chunk(final long block, final int index) {
        final byte[] data = new byte[CHUNK_BYTES];
        new SplittableRandom(block * 1000 + index).nextBytes(data);
        return data;
    }

    private static void addBlock(final BlockStore store, final Path blocks, final long number) {
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, blocks, store.newSequence(), 0)) {
            for (int i = 0; i < CHUNKS_PER_BLOCK; i++) {
                final long time = number * HOUR / 4 + i * 1000L;
                writer.addChunk(i + 1, time, time + 500, 10, OPAQUE_ENCODING, MemorySegment.ofArray(chunk(number, i)),
                    0, CHUNK_BYTES);
            }
            store.add(writer.finish());
        }
    }

    /** Every chunk of the store as "series@minTime" with its bytes checked against what was written. */
    private static List<String> chunks(final BlockStore store) {
        final List<String> all = new ArrayList<>();
        for (final Block block : store.blocks()) {
            for (int s = 0; s < block.seriesCount(); s++) {
                for (int c = block.firstChunk(s); c < block.firstChunk(s) + block.chunkCount(s); c++) {
                    final long number = block.chunkMinTime(c) / (HOUR / 4);
                    final int index = (int) (block.seriesId(s) - 1);
                    final MemorySegment data = block.chunkData(c);
                    assertThat(data.byteSize()).isEqualTo(CHUNK_BYTES);
                    assertThat(data.toArray(ValueLayout.JAVA_BYTE)).as("chunk bytes").isEqualTo(chunk(number, index));
                    all.add(block.seriesId(s) + "@" + block.chunkMinTime(c));
                }
            }
        }
        all.sort(null);
        return all;
    }

    private static List<String> leftovers(final Path blocks) throws IOException {
        try (Stream<Path> list = Files.list(blocks)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void shouldFailCleanlyWhileTheDiskIsFullAndCompactOnceSpaceIsBack() throws Exception {
        final Path blocks = Files.createDirectories(tmpfs.path().resolve("blocks"));
        final CompactionPlanner planner = new CompactionPlanner(HOUR, 9 * HOUR);
        final List<String> before;
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, blocks);
            ChunkRewriter rewriter = new ChunkRewriter()) {
            addBlock(store, blocks, 0);
            addBlock(store, blocks, 1);
            before = chunks(store);
            assertThat(before).hasSize(2 * CHUNKS_PER_BLOCK);
            final Compactor compactor = new Compactor(DefaultFileOps.INSTANCE, rewriter);
            // No space at all, then room for about a third of the merged block: both fail mid-way.
            for (final long leave : new long[] {0, CHUNKS_PER_BLOCK * CHUNK_BYTES * 2L / 3}) {
                final Path filler = tmpfs.fill(leave);
                final List<Block> plan = planner.plan(store.blocks(), 3 * HOUR);
                assertThat(plan).hasSize(2);
                assertThatThrownBy(() -> compactor.compact(store, plan, List.of())).isInstanceOf(TsdbException.class)
                    .satisfies(ex -> assertThat(StorageFullException.isNoSpace(ex)).as(ex.toString()).isTrue());
                assertThat(leftovers(blocks)).as("partial block removed (free " + leave + ")").isEmpty();
                assertThat(store.blocks()).hasSize(2);
                assertThat(chunks(store)).isEqualTo(before);
                Files.delete(filler);
            }
        }
        try (BlockStore reopened = BlockStore.open(DefaultFileOps.INSTANCE, blocks);
            ChunkRewriter rewriter = new ChunkRewriter()) {
            assertThat(reopened.corruptBlocks()).isZero();
            assertThat(reopened.blocks()).hasSize(2);
            assertThat(chunks(reopened)).isEqualTo(before);
            final List<Block> plan = planner.plan(reopened.blocks(), 3 * HOUR);
            new Compactor(DefaultFileOps.INSTANCE, rewriter).compact(reopened, plan, List.of());
            assertThat(reopened.blocks()).hasSize(1);
            assertThat(chunks(reopened)).isEqualTo(before);
        }
        try (BlockStore reopened = BlockStore.open(DefaultFileOps.INSTANCE, blocks)) {
            assertThat(reopened.blocks()).hasSize(1);
            assertThat(chunks(reopened)).isEqualTo(before);
        }
    }
}
