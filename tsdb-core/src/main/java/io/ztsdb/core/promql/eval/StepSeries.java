// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.promql.LabelSet;

import java.util.Arrays;

/**
 * One series of an instant vector evaluated at every step of a {@link StepGrid}: a value per step and a bit per
 * step saying whether the series has a sample there.
 */
public final class StepSeries {
    private LabelSet labels;
    private final double[] values;
    private final long[] present;

    /**
     * @param labels the labels.
     * @param steps  number of steps.
     */
    public StepSeries(final LabelSet labels, final int steps) {
        this.labels = labels;
        this.values = new double[steps];
        this.present = new long[(steps + 63) >>> 6];
    }

    /** @return the labels. */
    public LabelSet labels() {
        return labels;
    }

    /** Replaces the labels (for series buffers reused across series). */
    public void labels(final LabelSet newLabels) {
        this.labels = newLabels;
    }

    /** @return number of steps. */
    public int steps() {
        return values.length;
    }

    /** @return the values, valid where {@link #isPresent(int)}. */
    public double[] values() {
        return values;
    }

    /** @return the presence bits, bit {@code i % 64} of word {@code i / 64} for step i. */
    public long[] presence() {
        return present;
    }

    /** @return true when the series has a sample at step {@code i}. */
    public boolean isPresent(final int i) {
        return (present[i >>> 6] & (1L << i)) != 0;
    }

    /** @return the value at step {@code i}. */
    public double value(final int i) {
        return values[i];
    }

    /** Sets the sample at step {@code i}. */
    public void set(final int i, final double value) {
        values[i] = value;
        present[i >>> 6] |= 1L << i;
    }

    /** Removes the sample at step {@code i}. */
    public void clear(final int i) {
        present[i >>> 6] &= ~(1L << i);
    }

    /** Removes every sample. */
    public void clearAll() {
        Arrays.fill(present, 0);
    }

    /** @return the number of steps with a sample. */
    public int count() {
        int count = 0;
        for (final long word : present) {
            count += Long.bitCount(word);
        }
        return count;
    }

    /** @return true when no step has a sample. */
    public boolean isEmpty() {
        for (final long word : present) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the first step with a sample at or after {@code from}, or -1. */
    public int nextPresent(final int from) {
        if (from >= values.length) {
            return -1;
        }
        int word = from >>> 6;
        long bits = present[word] & (-1L << from);
        while (true) {
            if (bits != 0) {
                final int index = (word << 6) + Long.numberOfTrailingZeros(bits);
                return index < values.length ? index : -1;
            }
            if (++word == present.length) {
                return -1;
            }
            bits = present[word];
        }
    }

    /** @return a copy with its own arrays. */
    public StepSeries copy() {
        final StepSeries copy = new StepSeries(labels, values.length);
        System.arraycopy(values, 0, copy.values, 0, values.length);
        System.arraycopy(present, 0, copy.present, 0, present.length);
        return copy;
    }

    /** @return a copy with other labels. */
    public StepSeries copy(final LabelSet newLabels) {
        final StepSeries copy = copy();
        copy.labels = newLabels;
        return copy;
    }
}
