// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.TsdbException;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The highest WAL position known durable, and the appenders waiting for theirs: blocked threads
 * ({@link #await(long)}) and futures ({@link #when(long, Object)}) released in position order by
 * {@link #publish(long)}. Once a failure is recorded, every waiter and every later one fails with it.
 * <p>
 * Thread-safe. Futures are completed outside the monitor, on the publishing thread.
 */
final class WalDurability {
    private static final System.Logger LOG = System.getLogger(WalDurability.class.getName());

    private final Object monitor = new Object();
    private final PriorityQueue<Pending<?>> pending = new PriorityQueue<>();
    private volatile long durablePosition;
    private volatile Throwable failure;

    /** @return the highest position known durable. */
    long durablePosition() {
        return durablePosition;
    }

    /** @return the failure that stopped the log, or null. */
    Throwable failure() {
        return failure;
    }

    /**
     * Blocks until {@code position} is durable.
     *
     * @throws TsdbException when the log failed first, or the thread was interrupted.
     */
    void await(final long position) {
        synchronized (monitor) {
            while (durablePosition < position) {
                throwIfFailed();
                try {
                    monitor.wait();
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new TsdbException("interrupted while waiting for WAL sync", ex);
                }
            }
        }
    }

    /** @return a future completed with {@code value} once {@code position} is durable, exceptionally on failure. */
    <T> CompletableFuture<T> when(final long position, final T value) {
        final CompletableFuture<T> future = new CompletableFuture<>();
        synchronized (monitor) {
            if (durablePosition >= position) {
                future.complete(value);
            } else if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                pending.add(new Pending<>(position, future, value));
            }
        }
        return future;
    }

    /** Records that everything up to {@code position} is durable and releases the waiters it covers. */
    void publish(final long position) {
        final List<Pending<?>> released = new ArrayList<>();
        synchronized (monitor) {
            if (position > durablePosition) {
                durablePosition = position;
            }
            while (!pending.isEmpty() && pending.peek().position <= position) {
                released.add(pending.poll());
            }
            monitor.notifyAll();
        }
        for (final Pending<?> each : released) {
            each.complete();
        }
    }

    /**
     * Records the first failure (logged once) and fails every waiter.
     *
     * @return {@code ex}, to throw.
     */
    TsdbException fail(final TsdbException ex) {
        synchronized (monitor) {
            if (failure == null) {
                failure = ex;
                LOG.log(System.Logger.Level.ERROR, "WAL stopped: " + ex.getMessage(), ex.getCause());
            }
            monitor.notifyAll();
        }
        failPending(ex);
        return ex;
    }

    /** Fails the futures still waiting (the log is closing or failed). */
    void failPending(final Throwable ex) {
        final List<Pending<?>> failed;
        synchronized (monitor) {
            failed = new ArrayList<>(pending);
            pending.clear();
        }
        for (final Pending<?> each : failed) {
            each.future.completeExceptionally(ex);
        }
    }

    /** @throws TsdbException when a failure was recorded. */
    void throwIfFailed() {
        final Throwable cause = failure;
        if (cause != null) {
            throw new TsdbException("WAL failed: " + cause.getMessage(), cause);
        }
    }

    private static final class Pending<T> implements Comparable<Pending<?>> {
        private final long position;
        private final CompletableFuture<T> future;
        private final T value;

        Pending(final long position, final CompletableFuture<T> future, final T value) {
            this.position = position;
            this.future = future;
            this.value = value;
        }

        void complete() {
            future.complete(value);
        }

        @Override
        public int compareTo(final Pending<?> other) {
            return Long.compare(position, other.position);
        }
    }
}
