// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbConfigTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void shouldParseWalSyncPoliciesAndPrintThemBack() {
        assertThat(WalSync.parse("fsync")).isEqualTo(WalSync.fsync());
        assertThat(WalSync.parse(" NONE ")).isEqualTo(WalSync.none());
        assertThat(WalSync.parse("interval=250")).isEqualTo(WalSync.interval(250));
        assertThat(WalSync.interval(250).mode()).isEqualTo(WalSync.Mode.INTERVAL);
        assertThat(WalSync.interval(250).intervalMillis()).isEqualTo(250);
        for (final String text : new String[] {"fsync", "none", "interval=250"}) {
            assertThat(WalSync.parse(text)).hasToString(text);
        }
        assertThat(new TsdbConfig().walSync()).isEqualTo(WalSync.fsync());
    }

    @Test
    void shouldRejectBadWalSyncPolicies() {
        for (final String text : new String[] {"sometimes", "interval=", "interval=0", "interval=-5", "interval=x"}) {
            assertThatThrownBy(() -> WalSync.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
        }
        assertThatThrownBy(() -> new WalSync(WalSync.Mode.FSYNC, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TsdbConfig().walSync(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldParseRetentionDurations() {
        assertThat(new TsdbConfig().retention("15d").retentionMillis()).isEqualTo(15 * 24 * HOUR);
        assertThat(new TsdbConfig().retention("12h").retentionMillis()).isEqualTo(12 * HOUR);
        assertThat(new TsdbConfig().retention("500ms").retentionMillis()).isEqualTo(500);
        assertThat(new TsdbConfig().retention("45s").retentionMillis()).isEqualTo(45_000);
        assertThat(new TsdbConfig().retention("30m").retentionMillis()).isEqualTo(30 * 60_000);
        assertThat(new TsdbConfig().retention("2w").retentionMillis()).isEqualTo(14 * 24 * HOUR);
        assertThat(new TsdbConfig().retention("1y").retentionMillis()).isEqualTo(365 * 24 * HOUR);
        assertThat(new TsdbConfig().retention(" 0 ").retentionMillis()).isZero();
        for (final String text : new String[] {"soon", "-1d", "d", "99999999999999999y"}) {
            assertThatThrownBy(() -> new TsdbConfig().retention(text)).as(text)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
        }
    }

    @Test
    void shouldRejectTooShortWalSegments() {
        assertThatThrownBy(() -> new TsdbConfig().walSegmentLengthBytes(4095))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TsdbConfig().walSegmentLengthBytes(4096).walSegmentLengthBytes()).isEqualTo(4096);
    }
}
