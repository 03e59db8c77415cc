// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.head.Head;
import io.ztsdb.core.head.HeadStats;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Companion of {@link HeadAppendBenchmark} for a shared, overloaded machine: appends the whole synthetic dataset
 * (8.64 M wire records, time-major) into a fresh {@link Head} per round with {@link Head#appendBatch}, one
 * thread, timed by the thread's CPU time (time spent descheduled does not count). Prints per batch size the
 * median (min-max) million points per CPU-second over {@code rounds} rounds after {@code warmups} rounds, and the
 * head's stats after a round (points, compressed bytes, chunks), which must not change with the head's code.
 * <p>
 * {@code java -Dztsdb.bench.synthetic.dir=/tmp/synth -Dwarmups=3 -Drounds=7 -cp benchmarks.jar
 * io.ztsdb.bench.core.HeadCpuTimeRunner [batchPoints ...]} (default batch sizes 10000 and 50000; JVM flags as for
 * JMH).
 */
public final class HeadCpuTimeRunner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private HeadCpuTimeRunner() {
    }

    /**
     * @param args batch sizes in points; default {@code 10000 50000}.
     */
    public static void main(final String[] args) {
        final int[] batchSizes = args.length == 0 ? new int[] {10_000, 50_000} :
            Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        final int warmups = Integer.getInteger("warmups", 3);
        final int rounds = Integer.getInteger("rounds", 7);
        final int shards = Integer.getInteger("shards", TsdbConfig.SHARD_COUNT_DEFAULT);
        final ByteBuffer data = BenchmarkDatasets.syntheticRecords();
        final MemorySegment records = MemorySegment.ofBuffer(data);
        final int recordCount = data.remaining() / BenchmarkDatasets.RECORD_LENGTH;
        System.out.printf("records=%,d shards=%d warmups=%d rounds=%d%n", recordCount, shards, warmups, rounds);
        final double[][] rates = new double[batchSizes.length][rounds];
        final double[][] wallRates = new double[batchSizes.length][rounds];
        final HeadStats[] lastStats = new HeadStats[batchSizes.length];
        for (int round = -warmups; round < rounds; round++) {
            for (int b = 0; b < batchSizes.length; b++) {
                final int batch = batchSizes[b];
                try (Head head = new Head(shards, TsdbConfig.CHUNK_MAX_SAMPLES_DEFAULT,
                    TsdbConfig.CHUNK_MAX_BYTES_DEFAULT, TsdbConfig.CHUNK_MAX_SPAN_MILLIS_DEFAULT)) {
                    final long wallStart = System.nanoTime();
                    final long start = THREADS.getCurrentThreadCpuTime();
                    long accepted = 0;
                    for (int at = 0; at < recordCount; at += batch) {
                        accepted += head.appendBatch(records, at * BenchmarkDatasets.RECORD_LENGTH,
                            Math.min(batch, recordCount - at));
                    }
                    final long elapsed = THREADS.getCurrentThreadCpuTime() - start;
                    final long wall = System.nanoTime() - wallStart;
                    if (accepted != recordCount) {
                        throw new IllegalStateException("accepted " + accepted + " of " + recordCount);
                    }
                    if (round >= 0) {
                        rates[b][round] = recordCount / (elapsed / 1e3);
                        wallRates[b][round] = recordCount / (wall / 1e3);
                    }
                    lastStats[b] = head.stats();
                }
            }
        }
        for (int b = 0; b < batchSizes.length; b++) {
            final double[] cpu = rates[b].clone();
            final double[] wall = wallRates[b].clone();
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf("batch %,d: %.1f (%.1f-%.1f) M points/CPU-s; wall %.1f (%.1f-%.1f) M points/s; %s%n",
                batchSizes[b], cpu[rounds / 2], cpu[0], cpu[rounds - 1], wall[rounds / 2], wall[0],
                wall[rounds - 1], lastStats[b]);
        }
    }
}
