// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The production {@link FileOps}: straight calls into {@code java.nio}.
 */
public class DefaultFileOps implements FileOps {
    /** The shared instance. */
    public static final DefaultFileOps INSTANCE = new DefaultFileOps();

    /** For subclasses that inject faults in tests; production code uses {@link #INSTANCE}. */
    protected DefaultFileOps() {
    }

    @Override
    public FileChannel open(final Path path, final OpenOption... options) throws IOException {
        return FileChannel.open(path, options);
    }

    @Override
    public void writeFully(final FileChannel channel, final ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }

    @Override
    public void writeFully(final FileChannel channel, final ByteBuffer source, final long position)
        throws IOException {
        long at = position;
        while (source.hasRemaining()) {
            at += channel.write(source, at);
        }
    }

    @Override
    public void force(final FileChannel channel, final boolean metadata) throws IOException {
        channel.force(metadata);
    }

    @Override
    public void truncate(final FileChannel channel, final long sizeBytes) throws IOException {
        channel.truncate(sizeBytes);
    }

    @Override
    public MemorySegment map(
        final FileChannel channel, final FileChannel.MapMode mode, final long offset, final long lengthBytes,
        final Arena arena) throws IOException {
        return channel.map(mode, offset, lengthBytes, arena);
    }

    @Override
    public void rename(final Path source, final Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void delete(final Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void createDirectories(final Path directory) throws IOException {
        Files.createDirectories(directory);
    }

    @Override
    public void syncDirectory(final Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public List<Path> list(final Path directory) throws IOException {
        final List<Path> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(result::add);
        } catch (final NoSuchFileException ignored) {
            return result;
        }
        result.sort(null);
        return result;
    }
}
