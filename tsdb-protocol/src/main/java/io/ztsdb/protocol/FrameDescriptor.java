// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.nio.ByteOrder;

/**
 * Layout of the 16-byte frame header that starts every message.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic "ZTSD" (4 bytes)                   |
 *  +---------------+---------------+-------------------------------+
 *  |  Version 0x01 |  Message type |  Payload length (u32 LE) ...  |
 *  +---------------+---------------+-------------------------------+
 *  |  ... payload length           |  Reserved, zero (6 bytes) ... |
 *  +-------------------------------+-------------------------------+
 *  |  ... reserved                                                 |
 *  +---------------------------------------------------------------+
 * </pre>
 * All multi-byte fields are little-endian.
 */
public final class FrameDescriptor {
    /** Byte order of every field on the wire. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;

    /** "ZTSD" read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'T' << 8 | 'S' << 16 | 'D' << 24;
    /** The only protocol version. */
    public static final byte VERSION = 0x01;

    /** Offset of the 4-byte magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the 1-byte version. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    /** Offset of the 1-byte message type. */
    public static final int TYPE_OFFSET = VERSION_OFFSET + 1;
    /** Offset of the u32 payload length (bytes after the header). */
    public static final int PAYLOAD_LENGTH_OFFSET = TYPE_OFFSET + 1;
    /** Offset of the 6 reserved bytes: written as zero, ignored by receivers. */
    public static final int RESERVED_OFFSET = PAYLOAD_LENGTH_OFFSET + 4;
    /** Length of the reserved field. */
    public static final int RESERVED_LENGTH = 6;
    /** Total header length: 16 bytes. */
    public static final int HEADER_LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;

    /** Default limit on a frame's payload length: 4 MiB (174,762 data points per insert_batch). */
    public static final int MAX_PAYLOAD_LENGTH_DEFAULT = 4 * 1024 * 1024;
    /** Hard upper bound for a configurable payload limit, so header + payload always fits an int. */
    public static final int MAX_PAYLOAD_LENGTH_LIMIT = Integer.MAX_VALUE - 64;

    private FrameDescriptor() {
    }
}
