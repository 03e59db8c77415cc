// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.memory;

/**
 * The slot sizes of small allocations: 16-byte steps up to 128 bytes, then four steps per power of two up to
 * {@link #MAX_SMALL_BYTES}, so a slot wastes at most a fifth of itself (jemalloc's spacing).
 */
final class SizeClasses {
    /** Largest small allocation; larger ones get a region of their own. */
    static final int MAX_SMALL_BYTES = 16 * 1024;
    private static final int LINEAR_MAX = 128;
    private static final int LINEAR_STEP = 16;
    private static final int LINEAR_CLASSES = LINEAR_MAX / LINEAR_STEP;
    private static final int STEPS_PER_DOUBLING = 4;
    /** Number of size classes. */
    static final int COUNT = LINEAR_CLASSES + STEPS_PER_DOUBLING *
        (Integer.numberOfTrailingZeros(MAX_SMALL_BYTES) - Integer.numberOfTrailingZeros(LINEAR_MAX));
    private static final int[] SLOT_BYTES = new int[COUNT];

    static {
        for (int c = 0; c < COUNT; c++) {
            if (c < LINEAR_CLASSES) {
                SLOT_BYTES[c] = (c + 1) * LINEAR_STEP;
            } else {
                final int doubling = (c - LINEAR_CLASSES) / STEPS_PER_DOUBLING;
                final int base = LINEAR_MAX << doubling;
                SLOT_BYTES[c] = base + (base / STEPS_PER_DOUBLING) * ((c - LINEAR_CLASSES) % STEPS_PER_DOUBLING + 1);
            }
        }
    }

    private SizeClasses() {
    }

    /**
     * @param bytes 1 to {@link #MAX_SMALL_BYTES}.
     * @return the smallest class whose slots hold {@code bytes}.
     */
    static int of(final int bytes) {
        if (bytes <= LINEAR_MAX) {
            return (bytes - 1) / LINEAR_STEP;
        }
        final int log = 31 - Integer.numberOfLeadingZeros(bytes - 1); // 2^log < bytes <= 2^(log + 1)
        final int stepShift = log - 2;
        return LINEAR_CLASSES + (log - 7) * STEPS_PER_DOUBLING + ((bytes - 1 - (1 << log)) >>> stepShift);
    }

    /** @return the slot size of a class. */
    static int slotBytes(final int sizeClass) {
        return SLOT_BYTES[sizeClass];
    }
}
