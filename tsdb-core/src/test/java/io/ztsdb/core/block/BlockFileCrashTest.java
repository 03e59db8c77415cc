// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.DefaultFileOps;
import io.ztsdb.core.io.FaultInjectingFileOps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A block file cut short at any byte, under its final name or its temporary one, and a write interrupted by a
 * failing file operation at any step: the store opens with either no block or the whole block, never a part.
 */
class BlockFileCrashTest {
    @TempDir
    Path dir;

    private byte[] goldenFile() throws IOException {
        final Path source = Files.createDirectory(dir.resolve("source"));
        BlockFileGoldenTest.writeGoldenBlock(DefaultFileOps.INSTANCE, source);
        return Files.readAllBytes(source.resolve(BlockMeta.fileName(7)));
    }

    @Test
    void shouldSetAsideABlockFileCutShortAtAnyByte() throws IOException {
        final byte[] whole = goldenFile();
        for (int length = 0; length < whole.length; length++) {
            final Path store = Files.createDirectory(dir.resolve("torn-" + length));
            Files.write(store.resolve(BlockMeta.fileName(7)), Arrays.copyOf(whole, length));
            try (BlockStore blocks = BlockStore.open(DefaultFileOps.INSTANCE, store)) {
                assertThat(blocks.blocks()).as("length %d", length).isEmpty();
                assertThat(blocks.corruptBlocks()).as("length %d", length).isEqualTo(1);
                assertThat(blocks.newSequence()).isEqualTo(8);
            }
            assertThat(store.resolve(BlockMeta.fileName(7) + BlockStore.CORRUPT_SUFFIX)).exists();
        }
    }

    @Test
    void shouldReportEveryFlippedByteOnOpenOrRead() throws IOException {
        final byte[] whole = goldenFile();
        final Path file = dir.resolve(BlockMeta.fileName(7));
        for (int offset = 0; offset < whole.length; offset++) {
            final byte[] damaged = whole.clone();
            damaged[offset] ^= 0x5A;
            Files.write(file, damaged);
            final int at = offset;
            assertThatThrownBy(() -> {
                try (Block block = Block.open(DefaultFileOps.INSTANCE, file)) {
                    block.verify();
                }
            }).as("byte %d", at).isInstanceOf(CorruptionException.class);
        }
    }

    @Test
    void shouldRemoveATemporaryBlockFileOfAnyLength() throws IOException {
        final byte[] whole = goldenFile();
        for (int length = 0; length <= whole.length; length++) {
            final Path store = Files.createDirectory(dir.resolve("temp-" + length));
            Files.write(store.resolve(BlockMeta.fileName(7) + BlockMeta.TEMP_SUFFIX), Arrays.copyOf(whole, length));
            try (BlockStore blocks = BlockStore.open(DefaultFileOps.INSTANCE, store)) {
                assertThat(blocks.blocks()).isEmpty();
                assertThat(blocks.corruptBlocks()).isZero();
            }
            try (var entries = Files.list(store)) {
                assertThat(entries.toList()).as("length %d", length).isEmpty();
            }
        }
    }

    @Test
    void shouldLeaveNoBlockOrTheWholeBlockWhenAnyFileOperationFails() throws IOException {
        final FaultInjectingFileOps.Op[] ops = {FaultInjectingFileOps.Op.WRITE, FaultInjectingFileOps.Op.FORCE,
            FaultInjectingFileOps.Op.RENAME, FaultInjectingFileOps.Op.SYNC_DIRECTORY};
        int failures = 0;
        for (final FaultInjectingFileOps.Op op : ops) {
            for (int nth = 1; nth <= 4; nth++) {
                final Path store = Files.createDirectory(dir.resolve(op + "-" + nth));
                final FaultInjectingFileOps faults = new FaultInjectingFileOps().failAt(op, nth);
                boolean failed = false;
                try {
                    BlockFileGoldenTest.writeGoldenBlock(faults, store);
                } catch (final TsdbException ex) {
                    failed = true;
                    failures++;
                }
                try (BlockStore blocks = BlockStore.open(DefaultFileOps.INSTANCE, store)) {
                    assertThat(blocks.corruptBlocks()).as("%s #%d", op, nth).isZero();
                    if (blocks.blocks().isEmpty()) {
                        assertThat(failed).as("%s #%d: no block only after a failure", op, nth).isTrue();
                    } else {
                        final Block block = blocks.blocks().getFirst();
                        assertThat(block.meta().chunkCount()).isEqualTo(3);
                        block.verify();
                    }
                }
                assertThat(Files.exists(store.resolve(BlockMeta.fileName(7) + BlockMeta.TEMP_SUFFIX))).isFalse();
            }
        }
        assertThat(failures).as("every operation failed at least once").isGreaterThanOrEqualTo(ops.length);
    }

    @Test
    void shouldReportAFailedWriteAsTsdbException() {
        final FaultInjectingFileOps faults = new FaultInjectingFileOps().failAt(FaultInjectingFileOps.Op.WRITE, 1);
        assertThatThrownBy(() -> BlockFileGoldenTest.writeGoldenBlock(faults, dir))
            .isInstanceOf(TsdbException.class).hasMessageContaining(BlockMeta.fileName(7));
    }
}
