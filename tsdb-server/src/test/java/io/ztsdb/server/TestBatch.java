// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Test fixture that fills a {@link Tsdb} with many points in large batches: one durable write (one fsync)
 * per batch instead of one per point.
 */
public final class TestBatch implements AutoCloseable {
    private static final int BATCH_POINTS = 8192;

    private final Tsdb tsdb;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[BATCH_POINTS * PointDescriptor.LENGTH]);
    private int count;

    public TestBatch(final Tsdb tsdb) {
        this.tsdb = tsdb;
    }

    /** Adds one point, writing the batch when it is full. */
    public TestBatch add(final long seriesId, final long timestampMillis, final double value) {
        final int at = count * PointDescriptor.LENGTH;
        buffer.putLong(at, seriesId, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(at + 8, timestampMillis, ByteOrder.LITTLE_ENDIAN);
        buffer.putDouble(at + 16, value, ByteOrder.LITTLE_ENDIAN);
        if (++count == BATCH_POINTS) {
            flush();
        }
        return this;
    }

    /** Writes what is pending. */
    public void flush() {
        if (count > 0) {
            tsdb.insertBatch(MemorySegment.ofArray(buffer.byteArray()), 0, count);
            count = 0;
        }
    }

    @Override
    public void close() {
        flush();
    }
}
