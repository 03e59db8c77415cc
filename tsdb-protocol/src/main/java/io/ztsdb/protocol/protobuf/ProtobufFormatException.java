// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.protobuf;

import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.protocol.ProtocolException;

/**
 * Bytes that are not a valid protobuf message of the expected shape.
 */
public final class ProtobufFormatException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, with name=value detail.
     */
    public ProtobufFormatException(final String message) {
        super(ErrorCode.MALFORMED_PAYLOAD, "protobuf: " + message);
    }
}
