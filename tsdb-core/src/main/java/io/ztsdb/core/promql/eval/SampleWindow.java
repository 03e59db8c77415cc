// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;


/**
 * The samples of one series inside a range window {@code [start, end]} (both inclusive, as in Prometheus 2.x),
 * slid forward over a {@link SampleCursor}: samples are read in bulk into a buffer that holds the window and a
 * few samples ahead of it, and leave it once behind the window's start, so every sample is decoded once whatever
 * the overlap of consecutive windows and only about a window's worth of samples is held, plus what one read
 * brings (a whole chunk where the cursor offers one, decoded straight into the buffer). Stale markers are
 * dropped on the way in, as Prometheus drops them from range vectors. The window is contiguous in
 * {@link #timestamps()} / {@link #values()} from {@link #from()} to {@link #to()} (exclusive).
 */
public final class SampleWindow {
    private static final int READ_BATCH = 256;

    private long[] timestamps = new long[2 * READ_BATCH];
    private double[] values = new double[2 * READ_BATCH];
    /** Running sum of counter-reset corrections: entry i adds v[i - 1] when v[i] &lt; v[i - 1]. */
    private double[] resetSums = new double[2 * READ_BATCH];
    /** Window: [from, upto); samples read ahead: [upto, buffered). */
    private int from;
    private int upto;
    private int buffered;
    private SampleCursor cursor;
    private boolean exhausted;
    private long read;

    /** Starts over with a new series. */
    public void reset(final SampleCursor newCursor) {
        this.cursor = newCursor;
        from = 0;
        upto = 0;
        buffered = 0;
        exhausted = false;
        read = 0;
        timestamps[0] = Long.MAX_VALUE;
    }

    /**
     * Moves the window to {@code [startMillis, endMillis]}; both must not decrease between calls.
     */
    public void slide(final long startMillis, final long endMillis) {
        int end = upto;
        while (true) {
            final long[] t = timestamps;
            final int limit = buffered;
            while (end < limit && t[end] <= endMillis) {
                end++;
            }
            if (end < limit || exhausted) {
                break;
            }
            upto = end;
            refill();
            end = upto;
        }
        upto = end;
        int start = from;
        final long[] t = timestamps;
        while (start < end && t[start] < startMillis) {
            start++;
        }
        from = start;
    }

    /**
     * Reads ahead until a buffered sample lies after {@code endMillis} or the series ends, for callers that slide
     * the window themselves over {@link #timestamps()} up to {@link #buffered()} and then set it with
     * {@link #moveTo(int, int)}. Reading may move the buffered samples: indexes taken before are void.
     */
    void fillPast(final long endMillis) {
        while (!exhausted && (buffered == 0 || timestamps[buffered - 1] <= endMillis)) {
            refill();
        }
    }

    /**
     * @return index past the last sample read ahead; {@code timestamps()[buffered()]} is {@link Long#MAX_VALUE}, a
     *     sentinel that ends a forward scan without a bounds test.
     */
    int buffered() {
        return buffered;
    }

    /** @return true when the cursor has no more samples (all are buffered). */
    boolean isExhausted() {
        return exhausted;
    }

    /** Sets the window to {@code [from, to)} of the buffer; neither may move backwards. */
    void moveTo(final int newFrom, final int newTo) {
        this.from = newFrom;
        this.upto = newTo;
    }

    private void refill() {
        // A whole chunk at once when the cursor offers one: decoded straight into the buffer.
        final int want = Math.max(READ_BATCH, cursor.preferredReadLength());
        if (buffered + want + 1 > timestamps.length) {
            if (from >= want) {
                final int kept = buffered - from;
                System.arraycopy(timestamps, from, timestamps, 0, kept);
                System.arraycopy(values, from, values, 0, kept);
                System.arraycopy(resetSums, from, resetSums, 0, kept);
                upto -= from;
                buffered = kept;
                from = 0;
            } else {
                final int capacity = Math.max(timestamps.length * 2, buffered - from + want + 1);
                final int kept = buffered - from;
                timestamps = moved(timestamps, from, kept, capacity);
                values = moved(values, from, kept, capacity);
                resetSums = moved(resetSums, from, kept, capacity);
                upto -= from;
                buffered = kept;
                from = 0;
            }
        }
        final int n = cursor.read(timestamps, values, buffered, want);
        if (n == 0) {
            exhausted = true;
            timestamps[buffered] = Long.MAX_VALUE;
            return;
        }
        read += n;
        final int end = buffered + n;
        int kept = buffered;
        double sum = buffered == 0 ? 0 : resetSums[buffered - 1];
        double prev = buffered == 0 ? Double.NaN : values[buffered - 1];
        for (int i = buffered; i < end; i++) {
            final double value = values[i];
            if (Double.doubleToRawLongBits(value) == StaleNaN.BITS) {
                continue;
            }
            if (kept != i) {
                timestamps[kept] = timestamps[i];
                values[kept] = value;
            }
            // A branch, not "sum += value < prev ? prev : 0.0": adding 0.0 changes nothing (the sum starts at +0.0
            // and never becomes -0.0) but chains every sample's addition onto the previous one's latency.
            if (value < prev) {
                sum += prev;
            }
            resetSums[kept] = sum;
            prev = value;
            kept++;
        }
        buffered = kept;
        timestamps[buffered] = Long.MAX_VALUE;
    }

    private static long[] moved(final long[] from, final int start, final int length, final int capacity) {
        final long[] to = new long[capacity];
        System.arraycopy(from, start, to, 0, length);
        return to;
    }

    private static double[] moved(final double[] from, final int start, final int length, final int capacity) {
        final double[] to = new double[capacity];
        System.arraycopy(from, start, to, 0, length);
        return to;
    }

    /** @return number of samples in the window. */
    public int size() {
        return upto - from;
    }

    /** @return the timestamps array; the window is {@code [from(), to())}. */
    public long[] timestamps() {
        return timestamps;
    }

    /** @return the values array; the window is {@code [from(), to())}. */
    public double[] values() {
        return values;
    }

    /**
     * @return running sums of counter-reset corrections, parallel to {@link #values()}: the corrections between
     *     samples {@code a} and {@code b} of the window (what a counter lost at its resets) are
     *     {@code resetSums()[b] - resetSums()[a]}.
     */
    public double[] resetSums() {
        return resetSums;
    }

    /** @return index of the first sample. */
    public int from() {
        return from;
    }

    /** @return index past the last sample. */
    public int to() {
        return upto;
    }

    /** @return samples read from the cursor since the last reset. */
    long samplesRead() {
        return read;
    }
}
