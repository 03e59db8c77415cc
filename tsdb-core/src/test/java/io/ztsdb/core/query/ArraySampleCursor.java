// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.query;

import io.ztsdb.core.SampleCursor;

/** Test source: samples from arrays. */
final class ArraySampleCursor implements SampleCursor {
    private final long[] timestamps;
    private final double[] values;
    private int index = -1;
    private boolean closed;

    ArraySampleCursor(final long[] timestamps, final double[] values) {
        this.timestamps = timestamps;
        this.values = values;
    }

    @Override
    public boolean next() {
        return ++index < timestamps.length;
    }

    @Override
    public long timestampMillis() {
        return timestamps[index];
    }

    @Override
    public double value() {
        return values[index];
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
