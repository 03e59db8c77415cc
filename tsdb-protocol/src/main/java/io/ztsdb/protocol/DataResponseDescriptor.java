// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the data (0x82) payload: a point count, 4 reserved bytes (so the points are 8-byte aligned in the
 * frame), then that many 24-byte points ({@link DataPointDescriptor}) in ascending timestamp order.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      point count (u32 LE)                     |
 *  +---------------------------------------------------------------+
 *  |                     reserved, zero (4 bytes)                  |
 *  +---------------------------------------------------------------+
 *  |              point count x data point (24 bytes)             ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The payload length is exactly 8 + 24 x point count.
 */
public final class DataResponseDescriptor {
    /** Offset of the point count. */
    public static final int POINT_COUNT_OFFSET = 0;
    /** Offset of the reserved bytes. */
    public static final int RESERVED_OFFSET = POINT_COUNT_OFFSET + Integer.BYTES;
    /** Offset of the first point. */
    public static final int POINTS_OFFSET = RESERVED_OFFSET + Integer.BYTES;

    private DataResponseDescriptor() {
    }
}
