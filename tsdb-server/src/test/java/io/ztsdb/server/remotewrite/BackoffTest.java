// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void shouldDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        final Backoff low = new Backoff(100, 1000, () -> 0.0);
        assertThat(new long[] {low.nextDelayMillis(-1), low.nextDelayMillis(-1), low.nextDelayMillis(-1),
            low.nextDelayMillis(-1), low.nextDelayMillis(-1), low.nextDelayMillis(-1)})
            .containsExactly(50, 100, 200, 400, 500, 500);
        final Backoff high = new Backoff(100, 1000, () -> 0.999_999);
        assertThat(new long[] {high.nextDelayMillis(-1), high.nextDelayMillis(-1), high.nextDelayMillis(-1),
            high.nextDelayMillis(-1), high.nextDelayMillis(-1)})
            .containsExactly(100, 200, 400, 800, 1000);
    }

    @Test
    void shouldPreferRetryAfterAndStartOverAfterReset() {
        final Backoff backoff = new Backoff(30, 5000, () -> 0.5);
        assertThat(backoff.nextDelayMillis(7000)).isEqualTo(7000);
        assertThat(backoff.nextDelayMillis(0)).isZero();
        assertThat(backoff.nextDelayMillis(RemoteWriteConfig.MAX_RETRY_AFTER_MILLIS * 10))
            .isEqualTo(RemoteWriteConfig.MAX_RETRY_AFTER_MILLIS);
        backoff.reset();
        assertThat(backoff.nextDelayMillis(-1)).isBetween(15L, 30L);
    }

    @Test
    void shouldParseRetryAfterSecondsAndHttpDates() {
        final long now = 1_700_000_000_000L;
        assertThat(RetryAfter.parseMillis("3", now)).isEqualTo(3000);
        assertThat(RetryAfter.parseMillis(" 0 ", now)).isZero();
        assertThat(RetryAfter.parseMillis("99999999999", now)).isEqualTo(RemoteWriteConfig.MAX_RETRY_AFTER_MILLIS);
        final String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(now + 10_000), ZoneOffset.UTC));
        assertThat(RetryAfter.parseMillis(inTenSeconds, now)).isEqualTo(10_000);
        assertThat(RetryAfter.parseMillis("Thu, 01 Jan 1970 00:00:00 GMT", now)).isZero();
        assertThat(RetryAfter.parseMillis(null, now)).isEqualTo(-1);
        assertThat(RetryAfter.parseMillis("soon", now)).isEqualTo(-1);
        assertThat(RetryAfter.parseMillis("-5", now)).isEqualTo(-1);
    }

    @Test
    void shouldRetryOnlyServerErrorsAndTooManyRequests() {
        assertThat(SendOutcome.classify(200)).isEqualTo(SendOutcome.Kind.SENT);
        assertThat(SendOutcome.classify(204)).isEqualTo(SendOutcome.Kind.SENT);
        assertThat(SendOutcome.classify(429)).isEqualTo(SendOutcome.Kind.RETRY);
        assertThat(SendOutcome.classify(500)).isEqualTo(SendOutcome.Kind.RETRY);
        assertThat(SendOutcome.classify(503)).isEqualTo(SendOutcome.Kind.RETRY);
        assertThat(SendOutcome.classify(400)).isEqualTo(SendOutcome.Kind.REJECTED);
        assertThat(SendOutcome.classify(404)).isEqualTo(SendOutcome.Kind.REJECTED);
        assertThat(SendOutcome.classify(413)).isEqualTo(SendOutcome.Kind.REJECTED);
        assertThat(SendOutcome.classify(301)).isEqualTo(SendOutcome.Kind.REJECTED);
    }
}
