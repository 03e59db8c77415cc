// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.BlockInfo;
import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.TsdbException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The set of blocks in a directory: opened at startup, swapped atomically when blocks are added (head
 * persistence), replaced (compaction) or dropped (retention).
 * <p>
 * Thread-safe. Readers take a {@link #snapshot()}, which acquires every block in it; the files of a removed
 * block are unmapped only when the last snapshot holding it is closed. A block that fails its checks at
 * startup is renamed {@code *.corrupt}, logged and counted, and never read. A block is a file ({@link
 * BlockFileDescriptor}) or, written by an older version, a directory; both are opened, and compaction rewrites
 * directories as files.
 */
public final class BlockStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlockStore.class.getName());
    /** Suffix given to a block file or directory that failed its checks. */
    public static final String CORRUPT_SUFFIX = ".corrupt";

    private final FileOps fileOps;
    private final Path directory;
    private final AtomicLong nextSequence;
    private final AtomicLong corruptBlocks = new AtomicLong();
    private volatile List<Block> blocks;
    private boolean closed;

    private BlockStore(final FileOps fileOps, final Path directory, final List<Block> blocks, final long next,
        final long corrupt) {
        this.fileOps = fileOps;
        this.directory = directory;
        this.blocks = blocks;
        this.nextSequence = new AtomicLong(next);
        this.corruptBlocks.set(corrupt);
    }

    /**
     * Opens every block under {@code directory}: removes interrupted writes and deletions, drops blocks that a
     * finished compaction replaced, sets corrupt blocks aside.
     *
     * @param fileOps   file-system calls.
     * @param directory the blocks directory, created if missing.
     * @return the store.
     * @throws TsdbException on I/O failure.
     */
    public static BlockStore open(final FileOps fileOps, final Path directory) {
        final List<Path> candidates = new ArrayList<>();
        long maxSequence = -1;
        long corrupt = 0;
        try {
            fileOps.createDirectories(directory);
            for (final Path entry : fileOps.list(directory)) {
                final String name = entry.getFileName().toString();
                if (name.endsWith(BlockMeta.TEMP_SUFFIX) || name.endsWith(BlockMeta.DELETED_SUFFIX)) {
                    LOG.log(System.Logger.Level.INFO, "removing interrupted block write or delete: " + entry);
                    fileOps.deleteRecursively(entry);
                    continue;
                }
                final long sequence = BlockMeta.parseName(name);
                if (sequence >= 0) {
                    candidates.add(entry);
                    maxSequence = Math.max(maxSequence, sequence);
                } else if (name.endsWith(CORRUPT_SUFFIX)) {
                    final long corruptSequence = BlockMeta.parseName(
                        name.substring(0, name.length() - CORRUPT_SUFFIX.length()));
                    maxSequence = Math.max(maxSequence, corruptSequence);
                }
            }
            final List<Block> opened = new ArrayList<>();
            for (final Path candidate : candidates) {
                try {
                    opened.add(Block.open(fileOps, candidate));
                } catch (final CorruptionException ex) {
                    LOG.log(System.Logger.Level.ERROR, "corrupt block set aside, its data is not served: " +
                        ex.getMessage());
                    fileOps.rename(candidate, candidate.resolveSibling(candidate.getFileName() + CORRUPT_SUFFIX));
                    corrupt++;
                }
            }
            final List<Block> live = dropReplaced(fileOps, opened);
            fileOps.syncDirectory(directory);
            return new BlockStore(fileOps, directory, sorted(live), maxSequence + 1, corrupt);
        } catch (final IOException ex) {
            throw new TsdbException("cannot open blocks: directory=" + directory, ex);
        }
    }

    private static List<Block> dropReplaced(final FileOps fileOps, final List<Block> opened) throws IOException {
        final Set<Long> replaced = new HashSet<>();
        for (final Block block : opened) {
            for (final long parent : block.meta().parents()) {
                replaced.add(parent);
            }
        }
        final List<Block> live = new ArrayList<>();
        for (final Block block : opened) {
            if (replaced.contains(block.meta().sequence())) {
                LOG.log(System.Logger.Level.INFO, "removing block replaced by compaction: " + block.path());
                block.close();
                deleteBlock(fileOps, block.path());
            } else {
                live.add(block);
            }
        }
        return live;
    }

    private static List<Block> sorted(final Collection<Block> blocks) {
        final List<Block> list = new ArrayList<>(blocks);
        list.sort(Comparator.comparingLong((Block b) -> b.meta().minTimeMillis())
            .thenComparingLong(b -> b.meta().sequence()));
        return List.copyOf(list);
    }

    /** @return the blocks directory. */
    public Path directory() {
        return directory;
    }

    /** @return a fresh block sequence number. */
    public long newSequence() {
        return nextSequence.getAndIncrement();
    }

    /** @return the current blocks, ordered by min time; do not read them without {@link #snapshot()}. */
    public List<Block> blocks() {
        return blocks;
    }

    /** @return blocks set aside as corrupt since open. */
    public long corruptBlocks() {
        return corruptBlocks.get();
    }

    /**
     * Acquires every current block for reading.
     *
     * @return a snapshot to close after reading.
     */
    public Snapshot snapshot() {
        while (true) {
            final List<Block> current = blocks;
            final List<Block> acquired = new ArrayList<>(current.size());
            boolean complete = true;
            for (final Block block : current) {
                if (block.acquire()) {
                    acquired.add(block);
                } else {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                return new Snapshot(acquired);
            }
            for (final Block block : acquired) {
                block.release();
            }
        }
    }

    /**
     * Opens a finished block and adds it.
     *
     * @param meta the meta returned by {@link BlockWriter#finish()}.
     * @return the opened block.
     */
    public Block add(final BlockMeta meta) {
        final Block block = Block.open(fileOps, directory.resolve(meta.name()));
        synchronized (this) {
            final List<Block> next = new ArrayList<>(blocks);
            next.add(block);
            blocks = sorted(next);
        }
        return block;
    }

    /**
     * Replaces blocks by one that holds their data (compaction), then deletes them.
     *
     * @param removed blocks to drop.
     * @param meta    meta of the finished replacement, naming {@code removed} as parents.
     * @return the opened replacement.
     */
    public Block replace(final List<Block> removed, final BlockMeta meta) {
        final Block block = Block.open(fileOps, directory.resolve(meta.name()));
        synchronized (this) {
            final List<Block> next = new ArrayList<>(blocks);
            next.removeAll(removed);
            next.add(block);
            blocks = sorted(next);
        }
        delete(removed);
        return block;
    }

    /**
     * Deletes every block whose newest point is older than {@code cutoffMillis} (retention).
     *
     * @param cutoffMillis blocks with max time below it go.
     * @return the blocks deleted.
     */
    public List<Block> deleteOlderThan(final long cutoffMillis) {
        final List<Block> removed = new ArrayList<>();
        synchronized (this) {
            final List<Block> next = new ArrayList<>();
            for (final Block block : blocks) {
                (block.meta().maxTimeMillis() < cutoffMillis ? removed : next).add(block);
            }
            if (removed.isEmpty()) {
                return removed;
            }
            blocks = List.copyOf(next);
        }
        delete(removed);
        return removed;
    }

    private void delete(final List<Block> removed) {
        for (final Block block : removed) {
            block.close();
            try {
                deleteBlock(fileOps, block.path());
            } catch (final IOException ex) {
                throw new TsdbException("cannot delete block: path=" + block.path(), ex);
            }
        }
    }

    /** Renames a block file or directory out of the way (one atomic step), then deletes it. */
    private static void deleteBlock(final FileOps fileOps, final Path block) throws IOException {
        final Path deleted = block.resolveSibling(block.getFileName() + BlockMeta.DELETED_SUFFIX);
        fileOps.rename(block, deleted);
        fileOps.syncDirectory(block.getParent());
        fileOps.deleteRecursively(deleted);
    }

    /** @return the blocks' descriptions, oldest first. */
    public List<BlockInfo> infos() {
        final List<BlockInfo> infos = new ArrayList<>();
        for (final Block block : blocks) {
            final BlockMeta m = block.meta();
            infos.add(new BlockInfo(m.sequence(), m.minTimeMillis(), m.maxTimeMillis(), m.seriesCount(),
                m.chunkCount(), m.pointCount(), m.diskBytes(), m.level()));
        }
        return infos;
    }

    /** Closes every block (mappings go when the last snapshot is closed); idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final Block block : blocks) {
            block.close();
        }
        blocks = List.of();
    }

    /** Blocks acquired for reading; close to release them. */
    public static final class Snapshot implements AutoCloseable {
        private final List<Block> blocks;
        private boolean closed;

        Snapshot(final List<Block> blocks) {
            this.blocks = blocks;
        }

        /** @return the acquired blocks, ordered by min time. */
        public List<Block> blocks() {
            return blocks;
        }

        /** Releases the blocks; idempotent. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                for (final Block block : blocks) {
                    block.release();
                }
            }
        }
    }
}
