// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.lang.foreign.MemorySegment;

/** Writes {@link PointDescriptor} records into test batches. */
public final class TestPoints {
    private TestPoints() {
    }

    /** Writes point {@code index} of the batch starting at offset 0. */
    public static void put(final MemorySegment batch, final int index, final long seriesId, final long timestampMillis,
        final double value) {
        final long at = (long) index * PointDescriptor.LENGTH;
        batch.set(PointDescriptor.LONG, at + PointDescriptor.SERIES_ID_OFFSET, seriesId);
        batch.set(PointDescriptor.LONG, at + PointDescriptor.TIMESTAMP_OFFSET, timestampMillis);
        batch.set(PointDescriptor.DOUBLE, at + PointDescriptor.VALUE_OFFSET, value);
    }
}
