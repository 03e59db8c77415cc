// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one point in a batch given to {@link Tsdb#insertBatch}: 24 bytes, little-endian, the same record as the
 * wire protocol's data point and the payload of a WAL points record.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      series id (u64)                          |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              timestamp (i64, ms since the epoch)              |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                value (f64, IEEE 754 binary64)                 |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Points follow each other without padding, with no alignment: point {@code i} of a batch at {@code offset} starts
 * at {@code offset + i * LENGTH}. To write one into a {@link java.lang.foreign.MemorySegment}:
 * <pre>{@code
 * batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, seriesId);
 * batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, timestampMillis);
 * batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, value);
 * }</pre>
 */
public final class PointDescriptor {
    /** Byte order of every field. */
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    /** Layout of the series id and the timestamp fields: unaligned, {@link #BYTE_ORDER}. */
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(BYTE_ORDER);
    /** Layout of the value field: unaligned, {@link #BYTE_ORDER}. */
    public static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(BYTE_ORDER);
    /** Offset of the series id. */
    public static final int SERIES_ID_OFFSET = 0;
    /** Offset of the timestamp in milliseconds. */
    public static final int TIMESTAMP_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    /** Offset of the value. */
    public static final int VALUE_OFFSET = TIMESTAMP_OFFSET + Long.BYTES;
    /** Length of one point: 24 bytes. */
    public static final int LENGTH = VALUE_OFFSET + Double.BYTES;

    private PointDescriptor() {
    }
}
