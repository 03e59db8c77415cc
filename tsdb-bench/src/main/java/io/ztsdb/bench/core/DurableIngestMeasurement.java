// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.StorageStats;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.TsdbStats;
import io.ztsdb.core.WalSync;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Embedded ingest through {@link Tsdb} with a durability policy (default {@code fsync}: every batch is
 * acknowledged after the group-commit fdatasync), then disk size and restart recovery time.
 * <p>
 * The synthetic dataset (time-major wire records) is split by series over {@code writers} threads (series
 * {@code id % writers}), each sending batches of {@code batchPoints}; {@code passes} replays it with timestamps
 * shifted by its span, for larger volumes. After ingest: {@link Tsdb#persistNow()} (blocks, WAL checkpoint,
 * compaction), close, measure the directory; then reopen and time recovery, and read one series back.
 * <pre>
 * java -Dztsdb.bench.synthetic.dir=/tmp/synth -cp tsdb-bench/target/benchmarks.jar \
 *     io.ztsdb.bench.core.DurableIngestMeasurement /tmp/ztsdb-ingest [writers] [batchPoints] [passes] [fsync]
 *     [persist]
 * </pre>
 * With {@code persist=false} nothing is persisted: everything stays in the WAL, and the restart replays it all.
 */
public final class DurableIngestMeasurement {
    private DurableIngestMeasurement() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/ztsdb-ingest");
        final int writers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        final int batchPoints = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        final int passes = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        final String policy = args.length > 4 ? args[4] : "fsync";
        final boolean persist = args.length <= 5 || Boolean.parseBoolean(args[5]);
        deleteTree(dir);

        final ByteBuffer records = BenchmarkDatasets.syntheticRecords();
        final int total = records.remaining() / 24;
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        final int[] perWriter = new int[writers];
        for (int i = 0; i < total; i++) {
            perWriter[(int) Long.remainderUnsigned(records.getLong(i * 24), writers)]++;
            final long ts = records.getLong(i * 24 + 8);
            minTs = Math.min(minTs, ts);
            maxTs = Math.max(maxTs, ts);
        }
        final long span = maxTs - minTs + 10_000;
        final UnsafeBuffer[] parts = new UnsafeBuffer[writers];
        final int[] fill = new int[writers];
        for (int w = 0; w < writers; w++) {
            parts[w] = new UnsafeBuffer(ByteBuffer.allocateDirect(perWriter[w] * 24));
        }
        for (int i = 0; i < total; i++) {
            final int w = (int) Long.remainderUnsigned(records.getLong(i * 24), writers);
            parts[w].putBytes(fill[w] * 24, records, i * 24, 24);
            fill[w]++;
        }
        System.out.printf("dataset: %,d points, %d writers, batch %,d points, %d passes, policy %s, persist %s%n",
            total, writers, batchPoints, passes, policy, persist);

        final TsdbConfig config = new TsdbConfig().walSync(WalSync.parse(policy));
        if (!persist) {
            config.persistIntervalMillis(Long.MAX_VALUE / 2).headMemoryLimitBytes(Long.MAX_VALUE / 2)
                .walCheckpointBytes(Long.MAX_VALUE / 2);
        }
        final AtomicLong rejected = new AtomicLong();
        final long start;
        final long elapsedNanos;
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            final List<Thread> threads = new ArrayList<>();
            start = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                final UnsafeBuffer part = parts[w];
                final MemorySegment batches = MemorySegment.ofBuffer(part.byteBuffer());
                final int count = perWriter[w];
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int pass = 0; pass < passes; pass++) {
                        if (pass > 0) {
                            for (int i = 0; i < count; i++) {
                                part.putLong(i * 24 + 8, part.getLong(i * 24 + 8, ByteOrder.LITTLE_ENDIAN) + span,
                                    ByteOrder.LITTLE_ENDIAN);
                            }
                        }
                        for (int at = 0; at < count; at += batchPoints) {
                            final int n = Math.min(batchPoints, count - at);
                            rejected.addAndGet(tsdb.insertBatch(batches, at * 24L, n).rejectedPoints());
                        }
                    }
                }));
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            elapsedNanos = System.nanoTime() - start;
            final long points = (long) total * passes;
            System.out.printf("ingest: %,d points in %.2f s = %,.0f points/s acknowledged (%s), rejected %d%n",
                points, elapsedNanos / 1e9, points / (elapsedNanos / 1e9), policy, rejected.get());
            if (persist) {
                final long persistStart = System.nanoTime();
                tsdb.persistNow();
                System.out.printf("persist+checkpoint+compaction: %.2f s%n",
                    (System.nanoTime() - persistStart) / 1e9);
            }
            final StorageStats storage = tsdb.storageStats();
            final TsdbStats stats = tsdb.stats();
            System.out.printf("disk: blocks %,d bytes (%d blocks, %,d points) = %.3f bytes/point; wal %,d bytes;"
                    + " total %,d bytes = %.3f bytes/point over %,d points%n",
                storage.blockBytes(), storage.blocks().size(), storage.persistedPoints(),
                storage.blockBytes() / (double) Math.max(1, storage.persistedPoints()), storage.walBytes(),
                storage.diskBytes(), storage.diskBytes() / (double) stats.pointCount(), stats.pointCount());
            long compactedBytes = 0;
            long compactedPoints = 0;
            for (final io.ztsdb.core.BlockInfo block : storage.blocks()) {
                if (block.level() > 0) {
                    compactedBytes += block.diskBytes();
                    compactedPoints += block.pointCount();
                }
            }
            System.out.printf("compacted blocks (level >= 1): %,d bytes for %,d points = %.3f bytes/point%n",
                compactedBytes, compactedPoints, compactedBytes / (double) Math.max(1, compactedPoints));
            System.out.printf("head memory after persist: %,d bytes, %,d chunks%n", stats.headMemoryBytes(),
                stats.headChunks());
        }
        final long openStart = System.nanoTime();
        try (Tsdb tsdb = Tsdb.open(dir, config)) {
            final long openNanos = System.nanoTime() - openStart;
            final TsdbStats stats = tsdb.stats();
            System.out.printf("recovery: Tsdb.open %.3f s for %,d points (%d blocks, WAL %,d bytes)%n",
                openNanos / 1e9, stats.pointCount(), tsdb.storageStats().blocks().size(),
                tsdb.storageStats().walBytes());
            final long seriesId = records.getLong(0);
            final long[] nanos = new long[500];
            int n = 0;
            for (int round = 0; round < nanos.length; round++) {
                final long queryStart = System.nanoTime();
                n = 0;
                try (SampleCursor cursor = tsdb.query(seriesId, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    while (cursor.next()) {
                        n++;
                    }
                }
                nanos[round] = System.nanoTime() - queryStart;
            }
            final long first = nanos[0];
            java.util.Arrays.sort(nanos);
            System.out.printf("query series %d (blocks + head, in-process): %,d points; first %.3f ms, warm median"
                + " %.3f ms, min %.3f ms over %d runs%n", seriesId, n, first / 1e6, nanos[nanos.length / 2] / 1e6,
                nanos[0] / 1e6, nanos.length);
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
