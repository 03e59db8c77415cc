// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The {@code Retry-After} header (RFC 9110 10.2.3): delay seconds or an HTTP date. */
final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * @param value     the header, or null.
     * @param nowMillis the wall clock now.
     * @return the delay it asks for in milliseconds (0 for a date in the past), -1 when absent or unreadable.
     */
    static long parseMillis(final String value, final long nowMillis) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        final String text = value.trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return text.length() > 9 ? RemoteWriteConfig.MAX_RETRY_AFTER_MILLIS : Long.parseLong(text) * 1000;
        }
        try {
            final long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        } catch (final DateTimeParseException ex) {
            return -1;
        }
    }
}
