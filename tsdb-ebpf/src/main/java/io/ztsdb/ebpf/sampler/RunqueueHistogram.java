// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import io.ztsdb.ebpf.layout.MapLayouts;

/**
 * Quantiles of the run-queue waits of one interval, from the delta of the log2 histogram of {@code struct
 * runq_value}: slot 0 holds waits under 1 us, slot i waits in [2^(i-1), 2^i) us, the last slot everything from
 * 2^22 us (4.2 s) up. Within a slot the waits are taken as evenly spread (linear interpolation, as Prometheus'
 * {@code histogram_quantile} does), so a quantile is exact to within its slot: a factor of two.
 */
final class RunqueueHistogram {
    private static final double SECONDS_PER_MICRO = 1e-6;

    private RunqueueHistogram() {
    }

    /**
     * @param current   counters now.
     * @param last      counters at the last round.
     * @param firstSlot index of slot 0 in both arrays.
     * @param quantile  in (0, 1].
     * @return the quantile in seconds, or -1 when no wait ended in the interval.
     */
    static double quantileSeconds(final long[] current, final long[] last, final int firstSlot,
                                  final double quantile) {
        long count = 0;
        for (int i = 0; i < MapLayouts.RUNQ_SLOTS; i++) {
            count += current[firstSlot + i] - last[firstSlot + i];
        }
        if (count <= 0) {
            return -1;
        }
        final double rank = quantile * count;
        long below = 0;
        for (int i = 0; i < MapLayouts.RUNQ_SLOTS; i++) {
            final long inSlot = current[firstSlot + i] - last[firstSlot + i];
            if (inSlot > 0 && below + inSlot >= rank) {
                final double lower = lowerMicros(i);
                if (i == MapLayouts.RUNQ_SLOTS - 1) {
                    return lower * SECONDS_PER_MICRO; // open-ended: its lower bound
                }
                final double upper = i == 0 ? 1 : lower * 2;
                return (lower + (upper - lower) * ((rank - below) / inSlot)) * SECONDS_PER_MICRO;
            }
            below += inSlot;
        }
        return lowerMicros(MapLayouts.RUNQ_SLOTS - 1) * SECONDS_PER_MICRO;
    }

    /** @return the lower bound of a slot in microseconds. */
    static double lowerMicros(final int slot) {
        return slot == 0 ? 0 : (double) (1L << (slot - 1));
    }
}
