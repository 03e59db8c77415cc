// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import java.util.function.DoubleSupplier;

/**
 * Retry delays of one request: doubling from the minimum up to the maximum, each with "equal jitter" (a random
 * point in the upper half of the step, so shards that failed together do not retry together), and a receiver's
 * {@code Retry-After} taking precedence over the computed step.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private long stepMillis;

    /**
     * @param minMillis first step.
     * @param maxMillis last step.
     * @param random    values in [0, 1).
     */
    Backoff(final long minMillis, final long maxMillis, final DoubleSupplier random) {
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
        this.stepMillis = minMillis;
    }

    /**
     * @param retryAfterMillis the receiver's Retry-After, or -1.
     * @return the delay before the next attempt: the Retry-After when given (at most
     *     {@link RemoteWriteConfig#MAX_RETRY_AFTER_MILLIS}), else a jittered step in [step/2, step].
     */
    long nextDelayMillis(final long retryAfterMillis) {
        final long step = stepMillis;
        stepMillis = Math.min(maxMillis, stepMillis * 2);
        if (retryAfterMillis >= 0) {
            return Math.min(retryAfterMillis, RemoteWriteConfig.MAX_RETRY_AFTER_MILLIS);
        }
        return step / 2 + (long) (random.getAsDouble() * (step - step / 2 + 1));
    }

    /** Starts over at the minimum (after a success). */
    void reset() {
        stepMillis = minMillis;
    }
}
