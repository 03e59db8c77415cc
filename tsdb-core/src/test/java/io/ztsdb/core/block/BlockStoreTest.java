// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.io.DefaultFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockStoreTest {
    @TempDir
    Path dir;

    private BlockMeta write(final BlockStore store, final long minTime, final long maxTime, final long... parents) {
        final long sequence = store.newSequence();
        try (BlockWriter writer = BlockWriter.create(DefaultFileOps.INSTANCE, dir, sequence, parents.length > 0 ?
            1 : 0, parents)) {
            writer.addChunk(1, minTime, maxTime, 2, (byte) 1, MemorySegment.ofArray(new byte[] {1, 2, 3}), 0, 3);
            return writer.finish();
        }
    }

    @Test
    void shouldCleanUpInterruptedWritesAndSetCorruptBlocksAside() throws IOException {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            store.add(write(store, 0, 10));
            store.add(write(store, 20, 30));
        }
        Files.createDirectories(dir.resolve(BlockMeta.directoryName(5) + BlockMeta.TEMP_SUFFIX).resolve("x"));
        Files.write(dir.resolve(BlockMeta.fileName(7) + BlockMeta.TEMP_SUFFIX), new byte[100]);
        Files.write(dir.resolve(BlockMeta.fileName(6) + BlockMeta.DELETED_SUFFIX), new byte[100]);
        BlockTest.flipByte(dir.resolve(BlockMeta.fileName(1)), 20);
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            assertThat(store.blocks()).extracting(b -> b.meta().sequence()).containsExactly(0L);
            assertThat(store.corruptBlocks()).isEqualTo(1);
            assertThat(store.newSequence()).isEqualTo(2);
        }
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                BlockMeta.fileName(0), BlockMeta.fileName(1) + BlockStore.CORRUPT_SUFFIX);
        }
    }

    @Test
    void shouldDropParentsOfACompactedBlockLeftByACrash() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            store.add(write(store, 0, 10));
            store.add(write(store, 11, 20));
            write(store, 0, 20, 0, 1);
        }
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            assertThat(store.blocks()).extracting(b -> b.meta().sequence()).containsExactly(2L);
        }
        assertThat(dir.resolve(BlockMeta.fileName(0))).doesNotExist();
    }

    @Test
    void shouldDeleteBlocksOlderThanRetentionButKeepThemMappedForOpenSnapshots() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            store.add(write(store, 0, 10));
            store.add(write(store, 20, 30));
            store.add(write(store, 40, 50));
            try (BlockStore.Snapshot snapshot = store.snapshot()) {
                final List<Block> removed = store.deleteOlderThan(31);
                assertThat(removed).hasSize(2);
                assertThat(store.blocks()).extracting(b -> b.meta().minTimeMillis()).containsExactly(40L);
                snapshot.blocks().getFirst().chunkData(0);
            }
            assertThat(dir.resolve(BlockMeta.fileName(0))).doesNotExist();
            assertThat(store.infos()).singleElement().satisfies(info -> {
                assertThat(info.minTimeMillis()).isEqualTo(40);
                assertThat(info.pointCount()).isEqualTo(2);
                assertThat(info.diskBytes()).isPositive();
            });
        }
    }

    @Test
    void shouldReplaceCompactedBlocks() {
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            store.add(write(store, 0, 10));
            store.add(write(store, 11, 20));
            final List<Block> sources = store.blocks();
            store.replace(sources, write(store, 0, 20, 0, 1));
            assertThat(store.blocks()).extracting(b -> b.meta().level()).containsExactly(1);
        }
        try (BlockStore store = BlockStore.open(DefaultFileOps.INSTANCE, dir)) {
            assertThat(store.blocks()).extracting(b -> b.meta().sequence()).containsExactly(2L);
        }
    }
}
