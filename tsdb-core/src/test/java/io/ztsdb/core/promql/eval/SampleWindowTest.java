// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.eval;

import io.ztsdb.core.SampleCursor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SampleWindowTest {
    @Test
    void shouldHoldExactlyTheInclusiveWindowAndDropStaleMarkers() {
        final long[] t = new long[2000];
        final double[] v = new double[2000];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 10L;
            v[i] = i % 7 == 3 ? StaleNaN.VALUE : i;
        }
        final SampleWindow window = new SampleWindow();
        window.reset(cursor(t, v));
        for (long step = 0; step < 20_500; step += 37) {
            final long end = step;
            window.slide(end - 100, end);
            final long expected = Arrays.stream(t).filter(x -> x >= end - 100 && x <= end &&
                (x / 10) % 7 != 3).count();
            assertThat(window.size()).as("end=" + end).isEqualTo((int) expected);
            for (int i = window.from(); i < window.to(); i++) {
                assertThat(window.timestamps()[i]).isBetween(end - 100, end);
                assertThat(window.values()[i]).isEqualTo(window.timestamps()[i] / 10.0);
            }
        }
    }

    @Test
    void shouldNotReplayAnExhaustedCursor() {
        final SampleWindow window = new SampleWindow();
        window.reset(cursor(new long[] {1, 2}, new double[] {1, 2}));
        window.slide(0, 10);
        window.slide(0, 20);
        window.slide(0, 30);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.samplesRead()).isEqualTo(2);
    }

    static SampleCursor cursor(final long[] t, final double[] v) {
        return new SampleCursor() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < t.length;
            }

            @Override
            public long timestampMillis() {
                return t[i];
            }

            @Override
            public double value() {
                return v[i];
            }

            @Override
            public void close() {
            }
        };
    }
}
