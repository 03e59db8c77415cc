// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The file-system calls of the storage engine, behind one facade so that tests can fail any of them at the
 * n-th call and check recovery (QuestDB {@code FilesFacade}).
 * <p>
 * {@link DefaultFileOps#INSTANCE} is the production implementation.
 */
public interface FileOps {
    /**
     * Opens a file channel.
     *
     * @param path    the file.
     * @param options open options.
     * @return the channel.
     * @throws IOException on failure.
     */
    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * Writes every remaining byte of {@code source} at the channel's position.
     *
     * @param channel the channel.
     * @param source  bytes to write; its position is advanced to its limit.
     * @throws IOException on failure, possibly after part of the bytes were written.
     */
    void writeFully(FileChannel channel, ByteBuffer source) throws IOException;

    /**
     * Writes every remaining byte of {@code source} at {@code position}, leaving the channel's position alone.
     *
     * @param channel  the channel.
     * @param source   bytes to write.
     * @param position file offset.
     * @throws IOException on failure.
     */
    void writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException;

    /**
     * Forces written data to the storage device ({@code fdatasync}, or {@code fsync} with metadata).
     *
     * @param channel  the channel.
     * @param metadata also force file metadata.
     * @throws IOException on failure: the data may not be durable.
     */
    void force(FileChannel channel, boolean metadata) throws IOException;

    /**
     * Truncates a file to {@code sizeBytes}.
     *
     * @param channel   the channel.
     * @param sizeBytes new length.
     * @throws IOException on failure.
     */
    void truncate(FileChannel channel, long sizeBytes) throws IOException;

    /**
     * Maps a region of a file into memory, for the lifetime of {@code arena}.
     *
     * @param channel     the channel.
     * @param mode        map mode.
     * @param offset      file offset.
     * @param lengthBytes length of the region.
     * @param arena       owner of the mapping.
     * @return the mapped segment.
     * @throws IOException on failure.
     */
    MemorySegment map(FileChannel channel, FileChannel.MapMode mode, long offset, long lengthBytes, Arena arena)
        throws IOException;

    /**
     * Renames {@code source} to {@code target} atomically (same file system), replacing nothing.
     *
     * @param source existing path.
     * @param target new path.
     * @throws IOException on failure.
     */
    void rename(Path source, Path target) throws IOException;

    /**
     * Deletes a file or an empty directory if it exists.
     *
     * @param path the path.
     * @throws IOException on failure.
     */
    void delete(Path path) throws IOException;

    /**
     * Creates a directory and its missing parents.
     *
     * @param directory the directory.
     * @throws IOException on failure.
     */
    void createDirectories(Path directory) throws IOException;

    /**
     * Forces a directory's entries (created, renamed, deleted files) to the storage device.
     *
     * @param directory the directory.
     * @throws IOException on failure.
     */
    void syncDirectory(Path directory) throws IOException;

    /**
     * Lists a directory's entries, sorted by name.
     *
     * @param directory the directory.
     * @return the entries, empty if the directory does not exist.
     * @throws IOException on failure.
     */
    List<Path> list(Path directory) throws IOException;

    /**
     * Deletes a directory tree (or a file) if it exists.
     *
     * @param path the root.
     * @throws IOException on failure.
     */
    default void deleteRecursively(final Path path) throws IOException {
        if (java.nio.file.Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            for (final Path child : list(path)) {
                deleteRecursively(child);
            }
        }
        delete(path);
    }
}
