// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.snappy;

import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.ProtocolException;

/**
 * Input that is not a valid snappy block, or one that would decompress past the caller's limit.
 */
public final class SnappyFormatException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, with name=value detail.
     */
    public SnappyFormatException(final String message) {
        super(ErrorCode.MALFORMED_PAYLOAD, "snappy: " + message);
    }
}
