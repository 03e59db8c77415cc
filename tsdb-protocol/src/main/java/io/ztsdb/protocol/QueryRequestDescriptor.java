// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the query (0x10) payload. The plain form is 24 bytes; the extended form appends a
 * step and an aggregation and is 40 bytes. The payload length tells them apart; any other length is
 * {@link ErrorCode#BAD_PAYLOAD_LENGTH}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     series_id (u64 LE)                        |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 start (i64 LE, ms, inclusive)                 |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  end (i64 LE, ms, inclusive)                  |
 *  |                                                               |
 *  +=============== end of the plain form (24 bytes) ==============+
 *  |                  step (i64 LE, ms, 0 = none)                  |
 *  |                                                               |
 *  +---------------+-----------------------------------------------+
 *  | aggregation u8|          reserved, zero (7 bytes)             |
 *  +---------------+                                               |
 *  |                                                               |
 *  +=============== end of the extended form (40 bytes) ===========+
 * </pre>
 */
public final class QueryRequestDescriptor {
    /** Offset of the series id. */
    public static final int SERIES_ID_OFFSET = 0;
    /** Offset of the inclusive range start in ms. */
    public static final int START_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    /** Offset of the inclusive range end in ms. */
    public static final int END_OFFSET = START_OFFSET + Long.BYTES;
    /** Length of the plain query payload: 24 bytes. */
    public static final int PLAIN_LENGTH = END_OFFSET + Long.BYTES;
    /** Offset of the step in ms (extended form only). */
    public static final int STEP_OFFSET = PLAIN_LENGTH;
    /** Offset of the aggregation code (extended form only). */
    public static final int AGGREGATION_OFFSET = STEP_OFFSET + Long.BYTES;
    /** Offset of the reserved bytes (extended form only). */
    public static final int RESERVED_OFFSET = AGGREGATION_OFFSET + 1;
    /** Length of the reserved bytes. */
    public static final int RESERVED_LENGTH = 7;
    /** Length of the extended query payload: 40 bytes. */
    public static final int EXTENDED_LENGTH = RESERVED_OFFSET + RESERVED_LENGTH;

    private QueryRequestDescriptor() {
    }
}
