// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.TsdbException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code LOCK} file of a data directory, held with {@code flock} while the database is open: one process,
 * and one open database in it, per directory.
 */
final class DirectoryLock implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DirectoryLock.class.getName());
    /** Name of the lock file in the data directory. */
    static final String FILE_NAME = "LOCK";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @param directory the data directory.
     * @return the held lock.
     * @throws TsdbException when the directory is already open, here or in another process.
     * @throws IOException   when the directory or the lock file cannot be created.
     */
    static DirectoryLock acquire(final Path directory) throws IOException {
        Files.createDirectories(directory);
        final FileChannel channel = FileChannel.open(directory.resolve(FILE_NAME), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        try {
            final FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (final OverlappingFileLockException ex) {
                throw new TsdbException("data directory already open in this process: " + directory);
            }
            if (lock == null) {
                throw new TsdbException("data directory in use by another process: " + directory);
            }
            return new DirectoryLock(channel, lock);
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(channel);
            throw ex;
        }
    }

    /** Releases the lock and closes the file. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "cannot release directory lock", ex);
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel) {
        try {
            channel.close();
        } catch (final IOException ex) {
            LOG.log(System.Logger.Level.WARNING, "cannot close lock file", ex);
        }
    }
}
