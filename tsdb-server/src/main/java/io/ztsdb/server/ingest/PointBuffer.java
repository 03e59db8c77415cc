// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import io.ztsdb.core.PointDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A growable batch of points in the engine's {@link PointDescriptor} layout, filled by a decoder and handed to
 * {@code Tsdb.insertBatchAsync} whole. Reused from request to request (pooled by the handler): adding a point
 * allocates nothing once the buffer has grown to the size of the largest request.
 */
public final class PointBuffer {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
        PointDescriptor.BYTE_ORDER);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class,
        PointDescriptor.BYTE_ORDER);

    private byte[] bytes;
    private int count;

    /** @param initialPoints capacity to start with. */
    public PointBuffer(final int initialPoints) {
        bytes = new byte[Math.max(1, initialPoints) * PointDescriptor.LENGTH];
    }

    /** Appends one point. */
    public void add(final long seriesId, final long timestampMillis, final double value) {
        final int at = count * PointDescriptor.LENGTH;
        if (at + PointDescriptor.LENGTH > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + PointDescriptor.LENGTH));
        }
        LONG.set(bytes, at + PointDescriptor.SERIES_ID_OFFSET, seriesId);
        LONG.set(bytes, at + PointDescriptor.TIMESTAMP_OFFSET, timestampMillis);
        DOUBLE.set(bytes, at + PointDescriptor.VALUE_OFFSET, value);
        count++;
    }

    /** @return points added since the last {@link #clear()}. */
    public int count() {
        return count;
    }

    /** @return the series id of point {@code index}. */
    public long seriesId(final int index) {
        return (long) LONG.get(bytes, index * PointDescriptor.LENGTH + PointDescriptor.SERIES_ID_OFFSET);
    }

    /** @return the timestamp of point {@code index}. */
    public long timestamp(final int index) {
        return (long) LONG.get(bytes, index * PointDescriptor.LENGTH + PointDescriptor.TIMESTAMP_OFFSET);
    }

    /** @return the value of point {@code index}. */
    public double value(final int index) {
        return (double) DOUBLE.get(bytes, index * PointDescriptor.LENGTH + PointDescriptor.VALUE_OFFSET);
    }

    /** @return a segment over the points, valid until the next {@link #add} or {@link #clear()}. */
    public MemorySegment segment() {
        return MemorySegment.ofArray(bytes).asSlice(0, (long) count * PointDescriptor.LENGTH);
    }

    /** Forgets the points after the first {@code newCount}. */
    public void truncate(final int newCount) {
        if (newCount < 0 || newCount > count) {
            throw new IllegalArgumentException("count out of range: count=" + newCount);
        }
        count = newCount;
    }

    /** Forgets the points, keeping the memory. */
    public void clear() {
        count = 0;
    }

    /** @return bytes held. */
    public int capacityBytes() {
        return bytes.length;
    }
}
