// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {
    @Test
    void shouldParseSizesWithBinaryUnits() {
        assertThat(ConfigValues.parseSizeBytes("--x", "64m")).isEqualTo(64L << 20);
        assertThat(ConfigValues.parseSizeBytes("--x", " 1G ")).isEqualTo(1L << 30);
        assertThat(ConfigValues.parseSizeBytes("--x", "96MiB")).isEqualTo(96L << 20);
        assertThat(ConfigValues.parseSizeBytes("--x", "512kb")).isEqualTo(512L << 10);
        assertThat(ConfigValues.parseSizeBytes("--x", "2t")).isEqualTo(2L << 40);
        assertThat(ConfigValues.parseSizeBytes("--x", "2097152")).isEqualTo(2L << 20);
    }

    @Test
    void shouldRejectMalformedSizesNamingTheOption() {
        for (final String bad : new String[] {"lots", "64x", "-1m", "", "m", "1.5g", "99999999999999999g",
            "9999999999999999999"}) {
            assertThatThrownBy(() -> ConfigValues.parseSizeBytes("--head-memory", bad)).as(bad)
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--head-memory must be a size");
        }
        assertThatThrownBy(() -> ConfigValues.parseSizeBytes("--head-memory", null))
            .isInstanceOf(ConfigException.class);
    }

    @Test
    void shouldParseDurationsWithUnits() {
        assertThat(ConfigValues.parseDurationMillis("--retention", "0")).isZero();
        assertThat(ConfigValues.parseDurationMillis("--retention", "15d")).isEqualTo(15 * 86_400_000L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "12H")).isEqualTo(12 * 3_600_000L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "30m")).isEqualTo(30 * 60_000L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "45s")).isEqualTo(45_000L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "500ms")).isEqualTo(500L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "2w")).isEqualTo(14 * 86_400_000L);
        assertThat(ConfigValues.parseDurationMillis("--retention", "1y")).isEqualTo(365 * 86_400_000L);
    }

    @Test
    void shouldRejectDurationsWithoutUnitOrMalformed() {
        for (final String bad : new String[] {"100", "-5m", "5x", "m", "", "9999999999999999999d", "1.5h"}) {
            assertThatThrownBy(() -> ConfigValues.parseDurationMillis("--retention", bad)).as(bad)
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--retention must be a duration");
        }
    }

    @Test
    void shouldReadBareDigitsAsMillisecondsOnlyWhenAsked() {
        assertThat(ConfigValues.durationMillisOrNegative("60000", true)).isEqualTo(60_000);
        assertThat(ConfigValues.durationMillisOrNegative("60000", false)).isNegative();
        assertThat(ConfigValues.durationMillisOrNegative("1M", true)).isEqualTo(60_000);
        assertThat(ConfigValues.durationMillisOrNegative("fast", true)).isNegative();
        assertThat(ConfigValues.durationMillisOrNegative("-1", true)).isNegative();
    }
}
