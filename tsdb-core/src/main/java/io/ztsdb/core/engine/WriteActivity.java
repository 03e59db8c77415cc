// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.engine;

/**
 * When the engine was last written to, and how many writes it took: maintenance flushes the head of an idle
 * database. Updated once per insert call (a batch), not per point.
 */
final class WriteActivity {
    private final MaintenanceClock clock;
    private volatile long lastWriteNanos;
    private volatile long count;

    WriteActivity(final MaintenanceClock clock) {
        this.clock = clock;
        this.lastWriteNanos = clock.nanoTime();
    }

    /** Records a write. Racy increments between writer threads may lose counts: only change matters. */
    void wrote() {
        lastWriteNanos = clock.nanoTime();
        count++;
    }

    /** @return the clock's time of the last write (of the open, before the first write). */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** @return writes so far (approximately, see {@link #wrote()}). */
    long count() {
        return count;
    }
}
