// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.PointDescriptor;

/**
 * Type codes of WAL records. Codes are never reused; a reader rejects codes it does not know.
 */
public final class WalRecordType {
    /**
     * A batch of points, {@code n x} {@link PointDescriptor} ({@code seriesId u64 | timestampMillis i64 | value
     * f64}, little-endian). A batch is one record, so on replay it is applied whole or not at all.
     */
    public static final byte POINTS = 1;
    /** Reserved for series registration (named series are kept in their own file, {@code series.registry}). */
    public static final byte SERIES = 2;

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
