// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkDecoder;
import io.ztsdb.core.codec.columnar.ColumnarChunkEncoder;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Companion of {@link ColumnarCodecBenchmark} for a shared, overloaded machine: the same subjects timed with the
 * thread's CPU time, so time spent descheduled does not count. Runs the subjects interleaved, {@code rounds} rounds
 * of about one CPU-second each after {@code warmups} rounds, and prints the median samples per CPU-second and the
 * CPU seconds per million samples (the cost compaction pays to encode). The same chunks in columnar layout version 1
 * (without Rice and sparse miniblocks) are decoded and encoded in the same rounds, the before of version 2.
 * <p>
 * {@code java -cp benchmarks.jar io.ztsdb.bench.codec.ColumnarCpuTimeRunner [dataset:chunkSamples ...]}
 * (default {@code synthetic:720 synthetic:8640 nab:720}).
 */
public final class ColumnarCpuTimeRunner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private ColumnarCpuTimeRunner() {
    }

    /**
     * @param args {@code dataset:chunkSamples} pairs.
     */
    public static void main(final String[] args) {
        final String[] runs = args.length == 0 ? new String[] {"synthetic:720", "synthetic:8640", "nab:720"} : args;
        final int warmups = Integer.getInteger("warmups", 3);
        final int rounds = Integer.getInteger("rounds", 5);
        for (final String run : runs) {
            final String[] parts = run.split(":");
            run(parts[0], Integer.parseInt(parts[1]), warmups, rounds);
        }
        System.out.println("sink=" + (sink & 1));
    }

    private static void run(final String dataset, final int chunkSamples, final int warmups, final int rounds) {
        final CodecBenchmarkData data = new CodecBenchmarkData(dataset, chunkSamples);
        final ColumnarChunks columnar = new ColumnarChunks(data);
        final ColumnarChunks columnarV1 = new ColumnarChunks(data, 1);
        final MemorySegment gorilla = CodecBenchmarkData.allocate(data.ztsdbCapacity());
        final int[] gorillaEnds = data.encodeZtsdb(gorilla);
        final long[] timestamps = new long[0xFFFF];
        final double[] values = new double[0xFFFF];
        final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();
        final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder();
        final ColumnarChunkEncoder encoderV1 = new ColumnarChunkEncoder(1);
        final GorillaDecoder gorillaDecoder = new GorillaDecoder();
        final GorillaEncoder gorillaEncoder = new GorillaEncoder();
        final String[] names = {"columnar decode", "columnar v1 decode", "gorilla decode", "columnar encode",
            "columnar v1 encode", "gorilla encode"};
        final LongSupplier[] subjects = {
            () -> decodeAll(decoder, columnar, timestamps, values),
            () -> decodeAll(decoder, columnarV1, timestamps, values),
            () -> {
                long checksum = 0;
                int start = 0;
                for (final int end : gorillaEnds) {
                    gorillaDecoder.wrap(gorilla, start, end - start);
                    final int count = gorillaDecoder.decode(timestamps, values, 0);
                    checksum += timestamps[count - 1] ^ Double.doubleToRawLongBits(values[count >>> 1]);
                    start = end;
                }
                return checksum;
            },
            () -> {
                long bytes = 0;
                for (int c = 0; c < data.chunkFrom.length; c++) {
                    bytes += encoder.encode(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
                }
                return bytes;
            },
            () -> {
                long bytes = 0;
                for (int c = 0; c < data.chunkFrom.length; c++) {
                    bytes += encoderV1.encode(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
                }
                return bytes;
            },
            () -> {
                int offset = 0;
                for (int c = 0; c < data.chunkFrom.length; c++) {
                    gorillaEncoder.wrap(gorilla, offset, (int) gorilla.byteSize() - offset);
                    gorillaEncoder.append(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
                    offset += gorillaEncoder.lengthBytes();
                }
                return offset;
            }
        };
        final double[][] rates = new double[subjects.length][rounds];
        for (int round = -warmups; round < rounds; round++) {
            for (int s = 0; s < subjects.length; s++) {
                final long start = THREADS.getCurrentThreadCpuTime();
                long passes = 0;
                long elapsed;
                do {
                    sink += subjects[s].getAsLong();
                    passes++;
                    elapsed = THREADS.getCurrentThreadCpuTime() - start;
                } while (elapsed < 1_000_000_000L);
                if (round >= 0) {
                    rates[s][round] = passes * (double)data.pointCount / (elapsed / 1e9);
                }
            }
        }
        for (int s = 0; s < subjects.length; s++) {
            Arrays.sort(rates[s]);
            final double median = rates[s][rounds / 2];
            System.out.printf("%s/%d %-16s median %8.1f M samples/CPU-s (min %8.1f, max %8.1f) = %.4f CPU-s per M%n",
                dataset, chunkSamples, names[s], median / 1e6, rates[s][0] / 1e6, rates[s][rounds - 1] / 1e6,
                1e6 / median);
        }
    }

    private static long decodeAll(final ColumnarChunkDecoder decoder, final ColumnarChunks chunks,
        final long[] timestamps, final double[] values) {
        long checksum = 0;
        for (int c = 0; c < chunks.offsets.length; c++) {
            final int count = decoder.decode(chunks.segment, chunks.offsets[c], chunks.lengths[c], timestamps, values,
                0);
            checksum += timestamps[count - 1] ^ Double.doubleToRawLongBits(values[count >>> 1]);
        }
        return checksum;
    }
}
