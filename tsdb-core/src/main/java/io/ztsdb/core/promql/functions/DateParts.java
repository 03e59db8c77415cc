// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.functions;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The date functions of PromQL ({@code year}, {@code month}, ...), on UTC times in whole seconds.
 */
public enum DateParts {
    DAYS_IN_MONTH("days_in_month"),
    DAY_OF_MONTH("day_of_month"),
    DAY_OF_WEEK("day_of_week"),
    DAY_OF_YEAR("day_of_year"),
    HOUR("hour"),
    MINUTE("minute"),
    MONTH("month"),
    YEAR("year");

    private final String functionName;

    DateParts(final String functionName) {
        this.functionName = functionName;
    }

    /** @return the date function of that name, or null. */
    public static DateParts byName(final String name) {
        for (final DateParts part : values()) {
            if (part.functionName.equals(name)) {
                return part;
            }
        }
        return null;
    }

    /**
     * @param epochSeconds seconds since the epoch, as Go's {@code time.Unix(int64(v), 0).UTC()}.
     * @return this part of the date.
     */
    public double of(final long epochSeconds) {
        final LocalDateTime t = LocalDateTime.ofEpochSecond(clamp(epochSeconds), 0, ZoneOffset.UTC);
        return switch (this) {
            case DAYS_IN_MONTH -> t.toLocalDate().lengthOfMonth();
            case DAY_OF_MONTH -> t.getDayOfMonth();
            case DAY_OF_WEEK -> t.getDayOfWeek().getValue() % 7;
            case DAY_OF_YEAR -> t.getDayOfYear();
            case HOUR -> t.getHour();
            case MINUTE -> t.getMinute();
            case MONTH -> t.getMonthValue();
            case YEAR -> t.getYear();
        };
    }

    /** Keeps the time within what {@link LocalDateTime} represents (Go's range is wider; such dates are absurd). */
    private static long clamp(final long epochSeconds) {
        final long limit = 31_556_889_864_403_199L;
        return Math.max(-limit, Math.min(limit, epochSeconds));
    }
}
