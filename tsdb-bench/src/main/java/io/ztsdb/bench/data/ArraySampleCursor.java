// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.data;

import io.ztsdb.core.SampleCursor;

/** Samples from two arrays, reusable with {@link #reset}: the benchmarks' input without a scan. */
public final class ArraySampleCursor implements SampleCursor {
    private long[] timestamps = new long[0];
    private double[] values = new double[0];
    private int index = -1;

    /** @return this cursor, positioned before the first of these samples. */
    public ArraySampleCursor reset(final long[] newTimestamps, final double[] newValues) {
        timestamps = newTimestamps;
        values = newValues;
        index = -1;
        return this;
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
    }
}
