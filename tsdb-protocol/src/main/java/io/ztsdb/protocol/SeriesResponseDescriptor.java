// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the series (0x83) payload, the answer to register_series: the series id and flags.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     series_id (u64 LE)                        |
 *  |                                                               |
 *  +---------------+-----------------------------------------------+
 *  |   flags (u8)  |          reserved, zero (7 bytes)             |
 *  +---------------+                                               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Flag bit 0 ({@link #FLAG_CREATED}): the series was new and has just been created; clear when it existed.
 */
public final class SeriesResponseDescriptor {
    /** Offset of the series id. */
    public static final int SERIES_ID_OFFSET = 0;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    /** Offset of the reserved bytes. */
    public static final int RESERVED_OFFSET = FLAGS_OFFSET + 1;
    /** Length of the reserved bytes. */
    public static final int RESERVED_LENGTH = 7;
    /** Length of the series payload: 16 bytes. */
    public static final int LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;
    /** Flag: the registration created the series. */
    public static final int FLAG_CREATED = 0x01;

    private SeriesResponseDescriptor() {
    }
}
