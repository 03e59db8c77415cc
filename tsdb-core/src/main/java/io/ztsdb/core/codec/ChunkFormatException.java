// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

import io.ztsdb.core.TsdbException;

/**
 * An encoded chunk is corrupt, truncated, or of an unknown encoding or version.
 */
public final class ChunkFormatException extends TsdbException {
    private static final long serialVersionUID = 1L;

    /** Byte offset in the chunk where the problem was found. */
    private final long offset;
    /** What is wrong. */
    private final String reason;

    /**
     * @param offset byte offset in the chunk where the problem was found.
     * @param reason what is wrong.
     */
    public ChunkFormatException(final long offset, final String reason) {
        super("corrupt chunk at offset=" + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** @return byte offset in the chunk where the problem was found. */
    public long offset() {
        return offset;
    }

    /** @return what is wrong. */
    public String reason() {
        return reason;
    }
}
