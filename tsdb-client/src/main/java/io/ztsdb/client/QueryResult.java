// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import io.ztsdb.protocol.PointsFlyweight;

/**
 * The points of a query answer, in ascending timestamp order, values kept bit-exact. Reusable: pass it to
 * {@link TsdbClient#query(long, long, long, QueryResult)} to avoid allocation. Not thread-safe.
 */
public final class QueryResult {
    private long[] timestamps;
    private long[] valueBits;
    private int size;
    private long seriesId;

    /** Creates an empty result. */
    public QueryResult() {
        this(16);
    }

    /**
     * Creates an empty result with room for {@code capacity} points before it grows.
     *
     * @param capacity initial capacity.
     */
    public QueryResult(final int capacity) {
        timestamps = new long[Math.max(1, capacity)];
        valueBits = new long[Math.max(1, capacity)];
    }

    /** {@return the queried series id} */
    public long seriesId() {
        return seriesId;
    }

    /** {@return the number of points} */
    public int size() {
        return size;
    }

    /**
     * Returns the timestamp of one point.
     *
     * @param index 0-based.
     * @return the point's timestamp in ms.
     */
    public long timestampMillis(final int index) {
        checkIndex(index);
        return timestamps[index];
    }

    /**
     * Returns the value of one point.
     *
     * @param index 0-based.
     * @return the point's value.
     */
    public double value(final int index) {
        checkIndex(index);
        return Double.longBitsToDouble(valueBits[index]);
    }

    /**
     * Returns the value of one point as its bits.
     *
     * @param index 0-based.
     * @return the raw IEEE 754 bits of the point's value.
     */
    public long valueBits(final int index) {
        checkIndex(index);
        return valueBits[index];
    }

    void load(final long seriesId, final PointsFlyweight points) {
        final int count = points.pointCount();
        if (timestamps.length < count) {
            timestamps = new long[count];
            valueBits = new long[count];
        }
        for (int i = 0; i < count; i++) {
            timestamps[i] = points.timestampMillis(i);
            valueBits[i] = points.valueBits(i);
        }
        this.seriesId = seriesId;
        this.size = count;
    }

    void clear(final long seriesId) {
        this.seriesId = seriesId;
        this.size = 0;
    }

    private void checkIndex(final int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " size=" + size);
        }
    }
}
