// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

/**
 * Type codes of WAL records. Codes are never reused; a reader rejects codes it does not know.
 */
public final class WalRecordType {
    /**
     * A batch of points, {@code n x (seriesId u64 | timestampMillis i64 | value f64)} little-endian: the wire
     * protocol's data point. A batch is one record, so on replay it is applied whole or not at all.
     */
    public static final byte POINTS = 1;
    /** Registration of a named series (payload defined by the series registry). */
    public static final byte SERIES = 2;

    /** Size of one point in a {@link #POINTS} payload. */
    public static final int POINT_LENGTH = 24;

    private WalRecordType() {
    }

    /**
     * @param type a type code.
     * @return whether this version knows the code.
     */
    public static boolean isKnown(final byte type) {
        return type == POINTS || type == SERIES;
    }
}
