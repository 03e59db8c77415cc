// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the error (0x81) payload: a u16 {@link ErrorCode} and a u16-length-prefixed UTF-8 message.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |      error code (u16 LE)      |   message length (u16 LE)     |
 *  +-------------------------------+-------------------------------+
 *  |                 message (UTF-8, message length bytes)        ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The payload length is exactly 4 + message length.
 */
public final class ErrorDescriptor {
    /** Offset of the error code. */
    public static final int CODE_OFFSET = 0;
    /** Offset of the message length. */
    public static final int MESSAGE_LENGTH_OFFSET = CODE_OFFSET + Short.BYTES;
    /** Offset of the message bytes. */
    public static final int MESSAGE_OFFSET = MESSAGE_LENGTH_OFFSET + Short.BYTES;
    /** Longest message in bytes. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    private ErrorDescriptor() {
    }
}
