// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

/**
 * Layout of the queue's {@code cursor} file, little-endian: the first point the receiver has not acknowledged.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'ZRWC' (u32)                       |
 *  +-------------------------------+-------------------------------+
 *  |         Version (u16)         |        Reserved (u16)         |
 *  +-------------------------------+-------------------------------+
 *  |                    Segment sequence (u64)                     |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Record offset in segment (u64)               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Points of the record consumed (u32)           |
 *  +---------------------------------------------------------------+
 *  |              CRC32C of all the bytes above (u32)              |
 *  +---------------------------------------------------------------+
 * </pre>
 * Written to {@code cursor.tmp}, forced and renamed over {@code cursor}, so a crash leaves the old or the new one.
 */
final class QueueCursorDescriptor {
    /** 'ZRWC' read as a little-endian int. */
    static final int MAGIC = 'Z' | 'R' << 8 | 'W' << 16 | 'C' << 24;
    static final short VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int SEQUENCE_OFFSET = RESERVED_OFFSET + Short.BYTES;
    static final int RECORD_OFFSET_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    static final int POINT_INDEX_OFFSET = RECORD_OFFSET_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = POINT_INDEX_OFFSET + Integer.BYTES;
    static final int LENGTH = CRC_OFFSET + Integer.BYTES;

    static final String FILE_NAME = "cursor";
    static final String TEMP_FILE_NAME = "cursor.tmp";

    private QueueCursorDescriptor() {
    }
}
