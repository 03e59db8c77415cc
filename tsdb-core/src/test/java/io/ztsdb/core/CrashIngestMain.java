// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Child process of {@link TsdbCrashTest}: opens the database, continues every writer's series where the last
 * run stopped, and ingests batches until killed, printing {@code A <writer> <batch>} once a batch is
 * acknowledged (durable under the default fsync policy).
 * <p>
 * Writer {@code w} owns series {@code 2w} and {@code 2w+1}; batch {@code k} holds points {@code k*H ..
 * k*H+H-1} of both, interleaved, so a half-applied batch shows as unequal or partial counts.
 */
public final class CrashIngestMain {
    static final int WRITERS = 4;
    static final int HALF_BATCH = 200;
    static final long T0 = 1_700_000_000_000L;
    static final long STEP_MILLIS = 10;

    private CrashIngestMain() {
    }

    static long timestamp(final long index) {
        return T0 + index * STEP_MILLIS;
    }

    static double value(final long seriesId, final long index) {
        return Double.longBitsToDouble(new SplittableRandom(seriesId * 1_000_003L + index).nextLong());
    }

    static TsdbConfig config() {
        return new TsdbConfig().shardCount(4).walSegmentLengthBytes(256 * 1024).persistIntervalMillis(200)
            .blockPartitionMillis(600_000L);
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[0]);
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        final Tsdb tsdb = Tsdb.open(dir, config());
        final long[] nextBatch = new long[WRITERS];
        for (final SeriesInfo info : tsdb.series()) {
            final int writer = (int) (info.seriesId() / 2);
            nextBatch[writer] = Math.max(nextBatch[writer], info.pointCount() / HALF_BATCH);
        }
        synchronized (out) {
            out.println("READY");
            out.flush();
        }
        for (int w = 0; w < WRITERS; w++) {
            final int writer = w;
            Thread.ofPlatform().start(() -> write(tsdb, writer, nextBatch[writer], out));
        }
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void write(final Tsdb tsdb, final int writer, final long firstBatch, final PrintStream out) {
        final MemorySegment buffer =
            MemorySegment.ofBuffer(ByteBuffer.allocateDirect(2 * HALF_BATCH * PointDescriptor.LENGTH));
        for (long batch = firstBatch; ; batch++) {
            for (int p = 0; p < HALF_BATCH; p++) {
                final long index = batch * HALF_BATCH + p;
                for (int s = 0; s < 2; s++) {
                    final long seriesId = 2L * writer + s;
                    TestPoints.put(buffer, 2 * p + s, seriesId, timestamp(index), value(seriesId, index));
                }
            }
            final WriteResult result;
            if ((batch & 1) == 0) {
                result = tsdb.insertBatch(buffer, 0, 2 * HALF_BATCH);
            } else {
                final CompletableFuture<WriteResult> future = tsdb.insertBatchAsync(buffer, 0, 2 * HALF_BATCH);
                result = future.join();
            }
            if (result.rejectedPoints() != 0) {
                throw new IllegalStateException("rejected points: writer=" + writer + " batch=" + batch);
            }
            synchronized (out) {
                out.println("A " + writer + " " + batch);
                out.flush();
            }
        }
    }
}
