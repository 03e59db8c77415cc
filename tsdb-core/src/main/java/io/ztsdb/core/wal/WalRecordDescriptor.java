// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

/**
 * Layout of one WAL record, little-endian. Records follow each other without padding and never span
 * segments.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Payload length (u32)                       |
 *  +---------------------------------------------------------------+
 *  |      CRC32C of type, reserved and payload bytes (u32)         |
 *  +---------------+-----------------------------------------------+
 *  |   Type (u8)   |                Reserved (24 bits, 0)          |
 *  +---------------+-----------------------------------------------+
 *  |                      Payload ...                             ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A record whose length runs past the end of the file, whose checksum does not match, or whose type is
 * unknown ends the valid part of a segment.
 */
public final class WalRecordDescriptor {
    public static final int LENGTH_OFFSET = 0;
    public static final int CRC_OFFSET = LENGTH_OFFSET + Integer.BYTES;
    public static final int TYPE_OFFSET = CRC_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = TYPE_OFFSET + Byte.BYTES;
    /** Length of the record header; the payload starts here. */
    public static final int HEADER_LENGTH = TYPE_OFFSET + Integer.BYTES;

    /** Largest payload a record may carry. */
    public static final int MAX_PAYLOAD_LENGTH = 64 * 1024 * 1024;

    private WalRecordDescriptor() {
    }
}
