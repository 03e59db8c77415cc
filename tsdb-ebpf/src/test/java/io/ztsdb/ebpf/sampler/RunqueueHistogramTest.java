// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ztsdb.ebpf.layout.MapLayouts;
import org.junit.jupiter.api.Test;

class RunqueueHistogramTest {
    private static final int FIRST = 3; // slots start at an offset in the counter arrays, as in CgroupState

    private static long[] counters(final int... slotCounts) {
        final long[] c = new long[FIRST + MapLayouts.RUNQ_SLOTS];
        for (int i = 0; i + 1 < slotCounts.length; i += 2) {
            c[FIRST + slotCounts[i]] = slotCounts[i + 1];
        }
        return c;
    }

    @Test
    void shouldInterpolateWithinTheSlotOfTheRank() {
        // 100 waits in slot 11 = [1024, 2048) us: the median is halfway, p99 at 99 %
        final long[] now = counters(11, 100);
        final long[] before = counters();
        assertThat(RunqueueHistogram.quantileSeconds(now, before, FIRST, 0.5)).isCloseTo(1536e-6, within(1e-9));
        assertThat(RunqueueHistogram.quantileSeconds(now, before, FIRST, 0.99))
            .isCloseTo((1024 + 1024 * 0.99) * 1e-6, within(1e-9));
    }

    @Test
    void shouldUseOnlyTheWaitsOfTheInterval() {
        // before: 1000 short waits (slot 1); this interval: 10 waits of slot 5 and 10 of slot 20
        final long[] before = counters(1, 1000);
        final long[] now = counters(1, 1000, 5, 10, 20, 10);
        assertThat(RunqueueHistogram.quantileSeconds(now, before, FIRST, 0.5)).isCloseTo(32e-6, within(1e-9));
        assertThat(RunqueueHistogram.quantileSeconds(now, before, FIRST, 0.99))
            .isBetween(RunqueueHistogram.lowerMicros(20) * 1e-6, RunqueueHistogram.lowerMicros(21) * 1e-6);
    }

    @Test
    void shouldGiveSubMicrosecondAndOpenEndedSlotsTheirBounds() {
        assertThat(RunqueueHistogram.quantileSeconds(counters(0, 4), counters(), FIRST, 0.5))
            .isCloseTo(0.5e-6, within(1e-12));
        final int last = MapLayouts.RUNQ_SLOTS - 1;
        assertThat(RunqueueHistogram.quantileSeconds(counters(last, 3), counters(), FIRST, 0.99))
            .isEqualTo((1L << (last - 1)) * 1e-6);
    }

    @Test
    void shouldHaveNoQuantileWithoutWaits() {
        assertThat(RunqueueHistogram.quantileSeconds(counters(4, 7), counters(4, 7), FIRST, 0.5)).isEqualTo(-1);
    }
}
