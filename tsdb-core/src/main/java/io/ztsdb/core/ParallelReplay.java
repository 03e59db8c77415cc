// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import io.ztsdb.core.head.Head;
import io.ztsdb.core.wal.WalRecordHandler;
import io.ztsdb.core.wal.WalRecordType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Hashing;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Applies replayed WAL points to the head on several threads. Each thread takes the points of the series that
 * hash to it, from every record in order, so each series still sees its points in WAL order; records are read
 * in place from the segment mapping, which the reader keeps until {@link #onSegmentEnd(long)} has waited for
 * the threads.
 */
final class ParallelReplay implements WalRecordHandler, AutoCloseable {
    private static final long[] STOP = new long[0];

    private final Head head;
    private final int threads;
    private final Worker[] workers;
    private long submitted;
    private long newestTimeMillis = Long.MIN_VALUE;

    ParallelReplay(final Head head, final int threads) {
        this.head = head;
        this.threads = threads;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(i);
            workers[i].thread.start();
        }
    }

    @Override
    public void onRecord(final long segment, final byte type, final DirectBuffer buffer, final int offset,
        final int length) {
        if (type != WalRecordType.POINTS) {
            return;
        }
        if (buffer.byteArray() != null) {
            throw new IllegalStateException("replay expects records in native memory");
        }
        final long[] record = {buffer.addressOffset() + offset, length};
        for (final Worker worker : workers) {
            try {
                worker.queue.put(record);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TsdbException("interrupted during WAL replay", ex);
            }
        }
        submitted++;
    }

    @Override
    public void onSegmentEnd(final long segment) {
        for (final Worker worker : workers) {
            synchronized (worker) {
                while (worker.done < submitted && worker.failure == null) {
                    try {
                        worker.wait();
                    } catch (final InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new TsdbException("interrupted during WAL replay", ex);
                    }
                }
                if (worker.failure != null) {
                    throw new TsdbException("WAL replay failed: " + worker.failure.getMessage(), worker.failure);
                }
                newestTimeMillis = Math.max(newestTimeMillis, worker.newestTimeMillis);
            }
        }
    }

    /** @return the newest timestamp replayed, {@link Long#MIN_VALUE} when none. */
    long newestTimeMillis() {
        return newestTimeMillis;
    }

    @Override
    public void close() {
        for (final Worker worker : workers) {
            worker.queue.add(STOP);
        }
        for (final Worker worker : workers) {
            try {
                worker.thread.join();
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Worker implements Runnable {
        private final int index;
        private final BlockingQueue<long[]> queue = new ArrayBlockingQueue<>(256);
        private final Thread thread;
        private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        private long done;
        private long newestTimeMillis = Long.MIN_VALUE;
        private Throwable failure;

        Worker(final int index) {
            this.index = index;
            this.thread = Thread.ofPlatform().name("ztsdb-replay-" + index).daemon(true).unstarted(this);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    final long[] record = queue.take();
                    if (record == STOP) {
                        return;
                    }
                    if (failure == null) {
                        apply(record[0], (int) record[1]);
                    }
                    synchronized (this) {
                        done++;
                        notifyAll();
                    }
                }
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        private void apply(final long address, final int length) {
            try {
                view.wrap(address, length);
                long newest = newestTimeMillis;
                for (int at = 0; at < length; at += WalRecordType.POINT_LENGTH) {
                    final long seriesId = view.getLong(at, ByteOrder.LITTLE_ENDIAN);
                    if ((Hashing.hash(seriesId) & (threads - 1)) == index) {
                        final long timestampMillis = view.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
                        head.append(seriesId, timestampMillis, view.getDouble(at + 16, ByteOrder.LITTLE_ENDIAN));
                        newest = Math.max(newest, timestampMillis);
                    }
                }
                newestTimeMillis = newest;
            } catch (final RuntimeException ex) {
                synchronized (this) {
                    failure = ex;
                }
            }
        }
    }
}
