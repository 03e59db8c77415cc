// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the 24-byte data point, the element of insert, insert_batch and data payloads.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     series_id (u64 LE)                        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |             timestamp (i64 LE, ms since the epoch)            |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |               value (f64 LE, IEEE 754 binary64)               |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class DataPointDescriptor {
    /** Offset of the series id. */
    public static final int SERIES_ID_OFFSET = 0;
    /** Offset of the timestamp in milliseconds. */
    public static final int TIMESTAMP_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    /** Offset of the value. */
    public static final int VALUE_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    /** Length of one data point: 24 bytes. */
    public static final int LENGTH = VALUE_OFFSET + Double.BYTES;

    private DataPointDescriptor() {
    }
}
