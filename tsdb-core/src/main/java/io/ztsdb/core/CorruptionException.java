// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.nio.file.Path;

/**
 * Stored data failed a check (checksum, magic, version, length): the file is reported, never read as data.
 */
public class CorruptionException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** Value of {@link #segment()} when the file is not a numbered segment. */
    public static final long NO_SEGMENT = -1;

    private final transient Path file;
    /** The segment sequence number, or {@link #NO_SEGMENT}. */
    private final long segment;
    /** Byte offset of the corrupt part in the file. */
    private final long offset;
    /** What check failed. */
    private final String reason;

    /**
     * Creates the exception for a check that failed at one place in one file.
     *
     * @param file    the corrupt file.
     * @param segment its segment sequence number, {@link #NO_SEGMENT} when not a segment.
     * @param offset  byte offset of the corrupt part in the file.
     * @param reason  what check failed.
     */
    public CorruptionException(final Path file, final long segment, final long offset, final String reason) {
        super("corrupt data: file=" + file + " segment=" + segment + " offset=" + offset + " reason=" + reason);
        this.file = file;
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    /** {@return the corrupt file} */
    public Path file() {
        return file;
    }

    /** {@return segment sequence number, {@link #NO_SEGMENT} when the file is not a segment} */
    public long segment() {
        return segment;
    }

    /** {@return byte offset of the corrupt part in the file} */
    public long offset() {
        return offset;
    }

    /** {@return what check failed} */
    public String reason() {
        return reason;
    }
}
