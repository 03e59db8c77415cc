// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;

/**
 * The samples of one series inside a range window {@code [start, end]} (both inclusive, as in Prometheus 2.x),
 * slid forward over a {@link SampleCursor}: samples enter at the end and leave at the start, so every sample is
 * decoded once whatever the overlap of consecutive windows. Stale markers are skipped, as Prometheus drops them
 * from range vectors. The window is contiguous in {@link #timestamps()} / {@link #values()} from {@link #from()}
 * to {@link #to()} (exclusive).
 */
public final class SampleWindow {
    private long[] timestamps = new long[64];
    private double[] values = new double[64];
    private int from;
    private int to;
    private SampleCursor cursor;
    private boolean pending;
    private boolean exhausted;
    private long pendingTime;
    private double pendingValue;
    private long read;

    /** Starts over with a new series. */
    void reset(final SampleCursor newCursor) {
        this.cursor = newCursor;
        from = 0;
        to = 0;
        pending = false;
        exhausted = false;
        read = 0;
    }

    /**
     * Moves the window to {@code [startMillis, endMillis]}; both must not decrease between calls.
     */
    void slide(final long startMillis, final long endMillis) {
        while (from < to && timestamps[from] < startMillis) {
            from++;
        }
        while (true) {
            if (!pending) {
                if (exhausted || !cursor.next()) {
                    exhausted = true;
                    break;
                }
                read++;
                pendingTime = cursor.timestampMillis();
                pendingValue = cursor.value();
                if (StaleNaN.isStale(pendingValue)) {
                    continue;
                }
                pending = true;
            }
            if (pendingTime > endMillis) {
                break;
            }
            pending = false;
            if (pendingTime >= startMillis) {
                append(pendingTime, pendingValue);
            }
        }
    }

    private void append(final long time, final double value) {
        if (to == timestamps.length) {
            if (from > timestamps.length / 2) {
                System.arraycopy(timestamps, from, timestamps, 0, to - from);
                System.arraycopy(values, from, values, 0, to - from);
                to -= from;
                from = 0;
            } else {
                timestamps = java.util.Arrays.copyOf(timestamps, timestamps.length * 2);
                values = java.util.Arrays.copyOf(values, values.length * 2);
            }
        }
        timestamps[to] = time;
        values[to] = value;
        to++;
    }

    /** @return number of samples in the window. */
    public int size() {
        return to - from;
    }

    /** @return the timestamps array; the window is {@code [from(), to())}. */
    public long[] timestamps() {
        return timestamps;
    }

    /** @return the values array; the window is {@code [from(), to())}. */
    public double[] values() {
        return values;
    }

    /** @return index of the first sample. */
    public int from() {
        return from;
    }

    /** @return index past the last sample. */
    public int to() {
        return to;
    }

    /** @return samples read from the cursor since the last reset. */
    long samplesRead() {
        return read;
    }
}
