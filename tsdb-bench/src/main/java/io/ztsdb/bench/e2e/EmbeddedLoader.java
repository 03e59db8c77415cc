// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.e2e;

import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.WriteResult;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Embedded ingest: the same dataset shares as {@link DatasetLoader}, written straight into a {@link Tsdb}
 * ({@code insertBatch}, default fsync policy unless {@code --wal-sync} says otherwise) by one thread per share.
 * Measures the engine without the network: issue 3's embedded target is 10 M points/s.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp tsdb-bench/target/benchmarks.jar \
 *     io.ztsdb.bench.e2e.EmbeddedLoader --points /tmp/synth/points.bin --dir /tmp/embedded --threads 2
 * </pre>
 * Options: {@code --points FILE}, {@code --dir DIR} (must not exist), {@code --threads N} (2),
 * {@code --batch-size N} (10000), {@code --repeat R} (1), {@code --wal-sync POLICY} (fsync).
 */
public final class EmbeddedLoader {
    private EmbeddedLoader() {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args) throws Exception {
        String pointsFile = null;
        Path dir = null;
        int threads = 2;
        int batchSize = 10_000;
        int repeat = 1;
        String walSync = TsdbConfig.WAL_SYNC_DEFAULT.toString();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--points" -> pointsFile = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[i + 1]);
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                case "--wal-sync" -> walSync = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (pointsFile == null || dir == null || Files.exists(dir)) {
            throw new IllegalArgumentException("need --points FILE and a new --dir DIR");
        }
        final Dataset dataset = Dataset.fromPointsFile(Path.of(pointsFile), threads, 0);
        final long shift = dataset.maxTimeMillis() - dataset.minTimeMillis() + 10_000;
        final int batch = batchSize;
        final int rounds = repeat;
        final long[] accepted = new long[threads];
        final long[] cpuNanos = new long[threads];
        try (Tsdb tsdb = Tsdb.open(dir, new TsdbConfig().walSync(WalSync.parse(walSync)))) {
            final List<Thread> workers = new ArrayList<>();
            final long began = System.nanoTime();
            for (int w = 0; w < threads; w++) {
                final ByteBuffer share = dataset.share(w);
                final int index = w;
                workers.add(Thread.ofPlatform().name("embedded-" + w).start(() -> {
                    final UnsafeBuffer points = new UnsafeBuffer(share);
                    final ByteBuffer copy = ByteBuffer.allocateDirect(batch * Dataset.POINT_LENGTH);
                    final UnsafeBuffer out = new UnsafeBuffer(copy);
                    final MemorySegment outSegment = MemorySegment.ofBuffer(copy);
                    final int count = share.limit() / Dataset.POINT_LENGTH;
                    for (int round = 0; round < rounds; round++) {
                        for (int from = 0; from < count; from += batch) {
                            final int n = Math.min(batch, count - from);
                            out.putBytes(0, points, from * Dataset.POINT_LENGTH, n * Dataset.POINT_LENGTH);
                            if (round > 0) {
                                for (int i = 0; i < n; i++) {
                                    final int at = i * Dataset.POINT_LENGTH + 8;
                                    out.putLong(at, out.getLong(at, java.nio.ByteOrder.LITTLE_ENDIAN)
                                        + round * shift, java.nio.ByteOrder.LITTLE_ENDIAN);
                                }
                            }
                            final WriteResult result = tsdb.insertBatch(outSegment, 0, n);
                            accepted[index] += result.acceptedPoints();
                        }
                    }
                    cpuNanos[index] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                }));
            }
            for (final Thread worker : workers) {
                worker.join();
            }
            final double seconds = (System.nanoTime() - began) / 1e9;
            long total = 0;
            long cpu = 0;
            for (int w = 0; w < threads; w++) {
                total += accepted[w];
                cpu += cpuNanos[w];
            }
            System.out.printf(Locale.ROOT, "embedded: %,d points accepted in %.3f s = %,.0f points/s (%d threads, "
                + "batches of %,d, wal-sync %s); writer threads' CPU %.2f s%n", total, seconds, total / seconds,
                threads, batch, walSync, cpu / 1e9);
        }
    }
}
