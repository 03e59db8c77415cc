// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.CorruptionException;
import io.ztsdb.core.io.FileOps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.CRC_OFFSET;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.LENGTH;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.MAGIC;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.MAGIC_OFFSET;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.POINT_INDEX_OFFSET;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.RECORD_OFFSET_OFFSET;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.SEQUENCE_OFFSET;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.VERSION;
import static io.ztsdb.server.remotewrite.QueueCursorDescriptor.VERSION_OFFSET;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/** Reads and atomically replaces the queue's cursor file ({@link QueueCursorDescriptor}). */
final class QueueCursorFile {
    private final Path directory;
    private final FileOps fileOps;
    private final ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(LITTLE_ENDIAN);

    QueueCursorFile(final Path directory, final FileOps fileOps) {
        this.directory = directory;
        this.fileOps = fileOps;
    }

    /**
     * @return the stored position, null when there is no cursor file yet.
     * @throws CorruptionException when the file is damaged.
     */
    QueuePosition read() throws IOException {
        final Path file = directory.resolve(QueueCursorDescriptor.FILE_NAME);
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException ex) {
            return null;
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(LITTLE_ENDIAN);
        if (bytes.length != LENGTH || b.getInt(MAGIC_OFFSET) != MAGIC || b.getShort(VERSION_OFFSET) != VERSION) {
            throw new CorruptionException(file, 0, 0, "not a remote-write cursor of version " + VERSION);
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        if ((int) crc.getValue() != b.getInt(CRC_OFFSET)) {
            throw new CorruptionException(file, 0, CRC_OFFSET, "cursor checksum mismatch");
        }
        return new QueuePosition(b.getLong(SEQUENCE_OFFSET), b.getLong(RECORD_OFFSET_OFFSET),
            b.getInt(POINT_INDEX_OFFSET));
    }

    /** Replaces the cursor file with {@code position}, durably. */
    void write(final QueuePosition position) throws IOException {
        buffer.clear();
        buffer.putInt(MAGIC_OFFSET, MAGIC).putShort(VERSION_OFFSET, VERSION)
            .putShort(QueueCursorDescriptor.RESERVED_OFFSET, (short) 0)
            .putLong(SEQUENCE_OFFSET, position.sequence()).putLong(RECORD_OFFSET_OFFSET, position.recordOffset())
            .putInt(POINT_INDEX_OFFSET, position.pointIndex());
        final CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());
        final Path temp = directory.resolve(QueueCursorDescriptor.TEMP_FILE_NAME);
        try (FileChannel channel = fileOps.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            fileOps.writeFully(channel, buffer);
            fileOps.force(channel, false);
        }
        fileOps.rename(temp, directory.resolve(QueueCursorDescriptor.FILE_NAME));
        fileOps.syncDirectory(directory);
    }
}
