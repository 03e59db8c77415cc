// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GoFloatTest {
    @Test
    void shouldFormatLikeGoFormatFloatF() {
        assertThat(GoFloat.formatPlain(1)).isEqualTo("1");
        assertThat(GoFloat.formatPlain(-0.0)).isEqualTo("-0");
        assertThat(GoFloat.formatPlain(1.78)).isEqualTo("1.78");
        assertThat(GoFloat.formatPlain(1e-7)).isEqualTo("0.0000001");
        assertThat(GoFloat.formatPlain(-1.5e-4)).isEqualTo("-0.00015");
        assertThat(GoFloat.formatPlain(1e21)).isEqualTo("1000000000000000000000");
        assertThat(GoFloat.formatPlain(1.2345e17)).isEqualTo("123450000000000000");
        assertThat(GoFloat.formatPlain(12345678.9)).isEqualTo("12345678.9");
        assertThat(GoFloat.formatPlain(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFloat.formatPlain(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFloat.formatPlain(Double.MIN_VALUE)).startsWith("0.000").endsWith("49");
    }

    @Test
    void shouldMatchTheExactShortestDecimalForRandomDoubles() {
        final Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            final double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            final String plain = GoFloat.formatPlain(v);
            assertThat(new BigDecimal(plain)).as(plain).isEqualByComparingTo(new BigDecimal(Double.toString(v)));
            assertThat(Double.parseDouble(plain)).isEqualTo(v);
        }
    }

    @Test
    void shouldFormatLikeGoSprint() {
        assertThat(GoFloat.format(1000000)).isEqualTo("1e+06");
        assertThat(GoFloat.format(123456.5)).isEqualTo("123456.5");
        assertThat(GoFloat.format(0.00001)).isEqualTo("1e-05");
        assertThat(GoFloat.format(0.0001)).isEqualTo("0.0001");
        assertThat(GoFloat.format(-2.5e-10)).isEqualTo("-2.5e-10");
        assertThat(GoFloat.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
