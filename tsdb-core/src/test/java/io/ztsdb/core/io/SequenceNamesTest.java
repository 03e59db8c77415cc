// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceNamesTest {
    @Test
    void shouldRoundTripSequencesBetweenPrefixAndSuffix() {
        for (final long sequence : new long[] {0, 1, 42, Long.MAX_VALUE}) {
            final String name = SequenceNames.format("b-", sequence, ".wal");
            assertThat(name).hasSize(2 + SequenceNames.DIGITS + 4);
            assertThat(SequenceNames.parse(name, "b-", ".wal")).isEqualTo(sequence);
        }
        assertThat(SequenceNames.format("", 7, ".wal")).isEqualTo("00000000000000000007.wal");
    }

    @Test
    void shouldRejectNamesOfAnotherShape() {
        assertThat(SequenceNames.parse("00000000000000000007.wal.tmp", "", ".wal")).isEqualTo(-1);
        assertThat(SequenceNames.parse("b-0000000000000000007", "b-", "")).isEqualTo(-1);
        assertThat(SequenceNames.parse("b-0000000000000000000x", "b-", "")).isEqualTo(-1);
        assertThat(SequenceNames.parse("c-00000000000000000007", "b-", "")).isEqualTo(-1);
    }
}
