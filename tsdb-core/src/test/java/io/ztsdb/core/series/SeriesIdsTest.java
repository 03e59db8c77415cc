// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesIdsTest {
    @Test
    void shouldBuildCanonicalFormWithSortedLabels() {
        final Labels labels = Labels.of("runtime", "docker", "container_id", "0123456789ab");
        assertThat(SeriesIds.canonical("container.cpu.usage", labels))
            .isEqualTo("container.cpu.usage{container_id=\"0123456789ab\",runtime=\"docker\"}");
    }

    @Test
    void shouldEscapeBackslashQuoteAndNewlineInValues() {
        assertThat(SeriesIds.canonical("m", Labels.of("a", "\\\"\n\u00e9\u4e2d")))
            .isEqualTo("m{a=\"\\\\\\\"\\n\u00e9\u4e2d\"}");
    }

    @Test
    void shouldWriteEmptyBracesWithoutLabels() {
        assertThat(SeriesIds.canonical("up", Labels.empty())).isEqualTo("up{}");
    }

    @Test
    void shouldDeriveStableIdFromXxh64OfCanonicalFormWithTopBitSet() {
        // XXH64 values from libxxhash 0.8.1 of the canonical forms above.
        final Labels labels = Labels.of("container_id", "0123456789ab", "runtime", "docker");
        assertThat(SeriesIds.id("container.cpu.usage", labels)).isEqualTo(0x073edc090d16540cL | 1L << 63);
        assertThat(SeriesIds.id("m", Labels.of("a", "\\\"\n\u00e9\u4e2d"))).isEqualTo(0xeaf6cf1138f2394eL | 1L << 63);
        assertThat(SeriesIds.isNamedShape(SeriesIds.id("up", Labels.empty()))).isTrue();
        assertThat(SeriesIds.isNamedShape(12345L)).isFalse();
    }

    @Test
    void shouldGiveSameIdWhateverTheLabelOrder() {
        assertThat(SeriesIds.id("m", Labels.of("a", "1", "b", "2")))
            .isEqualTo(SeriesIds.id("m", Labels.of("b", "2", "a", "1")));
        assertThat(SeriesIds.id("m", Labels.of("a", "1", "b", "2")))
            .isNotEqualTo(SeriesIds.id("m", Labels.of("a", "1", "b", "3")));
    }
}
