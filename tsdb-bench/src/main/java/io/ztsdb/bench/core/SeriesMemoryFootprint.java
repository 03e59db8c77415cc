// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.Labels;
import io.ztsdb.core.PointDescriptor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.core.memory.NativeMemory;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Memory per active named series: registers N container-like series (default 1,000,000) in a {@link Tsdb},
 * then writes {@code pointsPerSeries} points to each at 10 s intervals (default 6: one minute of the issue's
 * "1 point / 10 s"), and reports heap (after full GCs) and native bytes per series for the registry + label
 * index and for the head.
 * <p>
 * Run: {@code java -Xmx2g -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.core.SeriesMemoryFootprint
 * [series] [pointsPerSeries]}.
 */
public final class SeriesMemoryFootprint {
    private static final int BATCH = 10_000;
    private static final int BATCH_POINTS = 8192;

    private SeriesMemoryFootprint() {
    }

    /**
     * @param args {@code [series] [pointsPerSeries]}.
     * @throws IOException when the temporary directory cannot be made or removed.
     */
    public static void main(final String[] args) throws IOException {
        final int series = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int pointsPerSeries = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        final Path directory = Files.createTempDirectory("ztsdb-memory");
        try {
            run(directory, series, pointsPerSeries);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void run(final Path directory, final int series, final int pointsPerSeries) throws IOException {
        final long[] ids = new long[series];
        try (Tsdb tsdb = Tsdb.open(directory)) {
            final long heap0 = usedHeapAfterGc();
            final long native0 = NativeMemory.bytesInUse();
            final long startNanos = System.nanoTime();
            registerAll(tsdb, ids);
            final double registerSeconds = (System.nanoTime() - startNanos) / 1e9;
            final long heap1 = usedHeapAfterGc();
            final long native1 = NativeMemory.bytesInUse();
            final long fileBytes = Files.size(directory.resolve("series.registry"));
            final long t0 = 1_700_000_000_000L;
            // Durable batches of 8,192 points (one WAL write + fsync each), as a server receives them.
            final UnsafeBuffer batch = new UnsafeBuffer(new byte[BATCH_POINTS * PointDescriptor.LENGTH]);
            int inBatch = 0;
            for (int p = 0; p < pointsPerSeries; p++) {
                for (int i = 0; i < series; i++) {
                    final int at = inBatch * PointDescriptor.LENGTH;
                    batch.putLong(at, ids[i], ByteOrder.LITTLE_ENDIAN);
                    batch.putLong(at + 8, t0 + p * 10_000L, ByteOrder.LITTLE_ENDIAN);
                    batch.putDouble(at + 16, 100 + (i & 1023) * 0.25 + p, ByteOrder.LITTLE_ENDIAN);
                    if (++inBatch == BATCH_POINTS) {
                        tsdb.insertBatch(MemorySegment.ofArray(batch.byteArray()), 0, inBatch);
                        inBatch = 0;
                    }
                }
            }
            tsdb.insertBatch(MemorySegment.ofArray(batch.byteArray()), 0, inBatch);
            final long heap2 = usedHeapAfterGc();
            final long native2 = NativeMemory.bytesInUse();
            report("registry + label index", series, heap1 - heap0, native1 - native0);
            report("head (" + pointsPerSeries + " points/series)", series, heap2 - heap1, native2 - native1);
            report("total per active series", series, heap2 - heap0, native2 - native0);
            System.out.printf(Locale.ROOT, "registration: %,d series in %.2f s (%,.0f series/s, batches of %,d, "
                + "one fsync each); registry file %,d bytes (%.1f bytes/series)%n", series, registerSeconds,
                series / registerSeconds, BATCH, fileBytes, (double) fileBytes / series);
            System.out.printf(Locale.ROOT, "select check: %d series for container.cpu.usage{host=\"host-7\"}%n",
                tsdb.select(io.ztsdb.core.SeriesSelector.parse("container.cpu.usage{host=\"host-7\"}")).size());
        }
    }

    /** Registers container-like series in batches generated on the fly, so no input stays reachable. */
    private static void registerAll(final Tsdb tsdb, final long[] ids) {
        final SplittableRandom random = new SplittableRandom(SeriesFixtures.SEED);
        final String[] metrics = new String[BATCH];
        final Labels[] labels = new Labels[BATCH];
        final int perContainer = SeriesFixtures.METRICS.length;
        int done = 0;
        int container = 0;
        while (done < ids.length) {
            final int n = Math.min(BATCH, ids.length - done) / perContainer * perContainer;
            final int count = n == 0 ? ids.length - done : n;
            Labels containerLabels = null;
            for (int i = 0; i < count; i++) {
                if (i % perContainer == 0) {
                    containerLabels = Labels.of("container_id", String.format("%012x", random.nextLong() >>> 16),
                        "runtime", SeriesFixtures.RUNTIMES[random.nextInt(SeriesFixtures.RUNTIMES.length)],
                        "host", "host-" + (container % SeriesFixtures.HOSTS));
                    container++;
                }
                metrics[i] = SeriesFixtures.METRICS[i % perContainer];
                labels[i] = containerLabels;
            }
            final long[] batchIds = tsdb.registerSeries(java.util.Arrays.copyOf(metrics, count),
                java.util.Arrays.copyOf(labels, count));
            System.arraycopy(batchIds, 0, ids, done, count);
            done += count;
        }
    }

    private static void report(final String what, final int series, final long heapBytes, final long nativeBytes) {
        System.out.printf(Locale.ROOT, "%-40s heap %,14d B (%7.1f B/series)  native %,14d B (%7.1f B/series)  "
            + "sum %7.1f B/series%n", what, heapBytes, (double) heapBytes / series, nativeBytes,
            (double) nativeBytes / series, (double) (heapBytes + nativeBytes) / series);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
