// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the open connections of one protocol against its limit, across the event loops that accept them.
 */
public final class ConnectionLimiter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    /** @param max most open connections. */
    public ConnectionLimiter(final int max) {
        this.max = max;
    }

    /** @return true when the new connection may stay open (then {@link #release()} it once closed). */
    public boolean tryAcquire() {
        while (true) {
            final int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A connection admitted by {@link #tryAcquire()} has closed. */
    public void release() {
        open.decrementAndGet();
    }

    /** @return the limit. */
    public int max() {
        return max;
    }

    /** @return connections open now. */
    public int open() {
        return open.get();
    }
}
