// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.BlockInfo;
import io.ztsdb.core.StorageStats;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.block.BlockStore;
import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.wal.WalWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Collects the disk usage, WAL state and block list of a data directory into {@link StorageStats}. */
final class StorageStatsReader {
    private static final System.Logger LOG = System.getLogger(StorageStatsReader.class.getName());

    private final Path directory;
    private final Path walDirectory;
    private final FileOps fileOps;
    private final WalSync walSync;
    private final WalWriter wal;
    private final BlockStore blocks;

    StorageStatsReader(final Path directory, final Path walDirectory, final FileOps fileOps, final WalSync walSync,
        final WalWriter wal, final BlockStore blocks) {
        this.directory = directory;
        this.walDirectory = walDirectory;
        this.fileOps = fileOps;
        this.walSync = walSync;
        this.wal = wal;
        this.blocks = blocks;
    }

    /** @return the current storage state; WAL files that cannot be sized (deleted meanwhile) count as empty. */
    StorageStats read() {
        long walBytes = 0;
        int walSegments = 0;
        try {
            for (final Path file : fileOps.list(walDirectory)) {
                walBytes += Files.size(file);
                walSegments++;
            }
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.DEBUG, "cannot size WAL", ex);
        }
        final List<BlockInfo> infos = blocks.infos();
        long blockBytes = 0;
        long persisted = 0;
        for (final BlockInfo info : infos) {
            blockBytes += info.diskBytes();
            persisted += info.pointCount();
        }
        return new StorageStats(directory.toString(), blockBytes + walBytes, blockBytes, walBytes, walSegments,
            walSync, wal.appendedPosition(), wal.durablePosition(), persisted, blocks.corruptBlocks(), infos);
    }
}
