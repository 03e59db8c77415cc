// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.index;

import java.util.Arrays;

/**
 * A growable, strictly increasing list of series ordinals: the series that carry one label pair. Ordinals are
 * handed out in increasing order, so appending keeps the list sorted.
 */
final class Postings {
    private int[] ordinals;
    private int size;

    Postings() {
        ordinals = new int[4];
    }

    void add(final int ordinal) {
        if (size > 0 && ordinal <= ordinals[size - 1]) {
            throw new IllegalArgumentException("postings must grow: ordinal=" + ordinal + ", last=" +
                ordinals[size - 1]);
        }
        if (size == ordinals.length) {
            ordinals = Arrays.copyOf(ordinals, size + (size >> 1) + 1);
        }
        ordinals[size++] = ordinal;
    }

    int size() {
        return size;
    }

    /** @return the backing array: valid up to {@link #size()}, not to be modified. */
    int[] array() {
        return ordinals;
    }

    /** @return bytes held by the backing array. */
    long capacityBytes() {
        return 16L + 4L * ordinals.length;
    }
}
