// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

import io.ztsdb.core.MaintenanceStats;

import java.util.concurrent.TimeUnit;

/**
 * The retry schedule of a failing maintenance step (persist, compaction): after each failure the wait before the
 * next attempt doubles, from one second up to {@link MaintenanceStats#MAX_BACKOFF_MILLIS}; a success resets it.
 * Every failure is logged with its reason and the wait (the first of a series with its stack trace). Used by the
 * maintenance thread; the counters are read by {@code /stats}.
 */
final class Backoff {
    private static final System.Logger LOG = System.getLogger(Backoff.class.getName());
    private static final long FIRST_WAIT_MILLIS = 1000;

    private final String step;
    private final MaintenanceClock clock;
    private volatile long failures;
    private volatile long consecutive;
    private volatile String lastFailure;
    private volatile long lastFailureAtMillis;
    private volatile long nextAttemptNanos;

    Backoff(final String step, final MaintenanceClock clock) {
        this.step = step;
        this.clock = clock;
    }

    /** @return true when no failure is waiting out its back-off. */
    boolean ready() {
        return consecutive == 0 || clock.nanoTime() - nextAttemptNanos >= 0;
    }

    /** Records a success: the next failure waits one second again. */
    void succeeded() {
        if (consecutive != 0) {
            LOG.log(System.Logger.Level.INFO, step + " succeeded after " + consecutive + " failed attempts");
            consecutive = 0;
        }
    }

    /** Records a failure, logs it and schedules the next attempt. */
    void failed(final Throwable failure) {
        failures++;
        consecutive++;
        lastFailure = describe(failure);
        lastFailureAtMillis = System.currentTimeMillis();
        final long wait = waitAfter(consecutive);
        nextAttemptNanos = clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        final String message = step + " failed (" + consecutive + " in a row), next attempt in " + wait + " ms: " +
            lastFailure;
        if (consecutive == 1) {
            LOG.log(System.Logger.Level.ERROR, message, failure);
        } else {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /** @return the failure and its causes, outermost first: "TsdbException: cannot ...: IOException: ...". */
    static String describe(final Throwable failure) {
        final StringBuilder text = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (depth > 0) {
                text.append(": ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    /** @return the wait after {@code consecutive} failures in a row. */
    static long waitAfter(final long consecutive) {
        final int doublings = (int) Math.min(consecutive - 1, 16);
        return Math.min(MaintenanceStats.MAX_BACKOFF_MILLIS, FIRST_WAIT_MILLIS << doublings);
    }

    long failures() {
        return failures;
    }

    long consecutive() {
        return consecutive;
    }

    String lastFailure() {
        return lastFailure;
    }

    long lastFailureAtMillis() {
        return lastFailureAtMillis;
    }

    /** @return time until the next attempt, 0 when ready. */
    long waitMillis() {
        if (consecutive == 0) {
            return 0;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(nextAttemptNanos - clock.nanoTime()));
    }
}
