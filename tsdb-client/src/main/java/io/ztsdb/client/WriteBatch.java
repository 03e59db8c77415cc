// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.nio.ByteBuffer;

import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.PointsFlyweight;

/**
 * A reusable batch of points held off-heap in wire format, sent as one insert_batch frame without copying.
 * Fill with {@link #add}, send with {@link TsdbClient#insertBatch(WriteBatch)} or
 * {@link TsdbClient#sendBatch(WriteBatch)}, then {@link #clear()} and reuse. Not thread-safe.
 */
public final class WriteBatch {
    /** Largest capacity: what fits a default 4 MiB payload (174,762 points). */
    public static final int MAX_CAPACITY = FrameDescriptor.MAX_PAYLOAD_LENGTH_DEFAULT / DataPointDescriptor.LENGTH;

    private final PointsFlyweight points = new PointsFlyweight();
    /** A second view of the points' memory whose position and limit a channel write may move. */
    private final ByteBuffer writeView;
    private final int capacity;
    private int size;

    /**
     * Creates an empty batch.
     *
     * @param capacity maximum number of points, 1 to {@link #MAX_CAPACITY}.
     */
    public WriteBatch(final int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ": capacity=" + capacity);
        }
        this.capacity = capacity;
        final ByteBuffer memory = ByteBuffer.allocateDirect(capacity * DataPointDescriptor.LENGTH);
        this.points.wrap(memory, 0, capacity);
        this.writeView = memory.duplicate();
    }

    /**
     * Appends a point.
     *
     * @param seriesId        series id.
     * @param timestampMillis timestamp in ms since the epoch.
     * @param value           value (stored bit-exact).
     * @return this.
     * @throws IllegalStateException when the batch is full.
     */
    public WriteBatch add(final long seriesId, final long timestampMillis, final double value) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full: capacity=" + capacity);
        }
        points.point(size, seriesId, timestampMillis, value);
        size++;
        return this;
    }

    /** {@return the number of points added} */
    public int size() {
        return size;
    }

    /** {@return the maximum number of points} */
    public int capacity() {
        return capacity;
    }

    /** {@return whether no more points fit} */
    public boolean isFull() {
        return size == capacity;
    }

    /** {@return whether the batch has no points} */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes all points; the memory is kept. */
    public void clear() {
        size = 0;
    }

    /** {@return the payload length of the batch in bytes} */
    int byteLength() {
        return size * DataPointDescriptor.LENGTH;
    }

    /** {@return the points as a buffer positioned for a channel write (the same object every call)} */
    ByteBuffer byteBufferForWrite() {
        writeView.clear().limit(byteLength());
        return writeView;
    }
}
