// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.codec;

import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import fi.iki.yak.ts.compression.gorilla.GorillaCompressor;
import fi.iki.yak.ts.compression.gorilla.GorillaDecompressor;
import fi.iki.yak.ts.compression.gorilla.LongArrayInput;
import fi.iki.yak.ts.compression.gorilla.LongArrayOutput;
import fi.iki.yak.ts.compression.gorilla.Pair;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Companion of the JMH codec benchmarks for a shared, overloaded machine: the same work as
 * {@link GorillaEncodeBenchmark} and {@link GorillaDecodeBenchmark}, timed with the thread's CPU time instead of
 * the wall clock, so time the thread spends descheduled does not count. Runs the five subjects interleaved,
 * {@code rounds} rounds of about one CPU-second each after {@code warmups} rounds, and prints the median
 * points per CPU-second.
 * <p>
 * {@code java -cp benchmarks.jar io.ztsdb.bench.codec.CodecCpuTimeRunner [dataset ...]} (JVM flags as for JMH).
 */
public final class CodecCpuTimeRunner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static long sink;

    private CodecCpuTimeRunner() {
    }

    /**
     * @param args dataset names; default {@code synthetic nab}.
     */
    public static void main(final String[] args) {
        final String[] datasets = args.length == 0 ? new String[] {"synthetic", "nab"} : args;
        final int warmups = Integer.getInteger("warmups", 5);
        final int rounds = Integer.getInteger("rounds", 7);
        for (final String dataset : datasets) {
            run(dataset, warmups, rounds);
        }
        System.out.println("sink=" + (sink & 1));
    }

    private static void run(final String dataset, final int warmups, final int rounds) {
        final CodecBenchmarkData data = new CodecBenchmarkData(dataset, 120);
        final MemorySegment out = CodecBenchmarkData.allocate(data.ztsdbCapacity());
        final int[] ends = data.encodeZtsdb(out);
        final long[][] yak = data.encodeYak();
        data.verify(out, ends, yak);
        final String[] names = {"ztsdb encode", "ztsdb encode (bulk)", "yak encode", "ztsdb decode (bulk)",
            "ztsdb decode (next)", "yak decode"};
        final long[] timestamps = new long[0xFFFF];
        final double[] values = new double[0xFFFF];
        final LongSupplier[] subjects = {
            () -> encodeZtsdb(data, out),
            () -> encodeZtsdbBulk(data, out),
            () -> encodeYak(data),
            () -> decodeZtsdbBulk(out, ends, timestamps, values),
            () -> decodeZtsdbNext(out, ends),
            () -> decodeYak(yak)
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
            System.out.printf("%s %-20s median %7.1f M points/CPU-s (min %7.1f, max %7.1f)%n", dataset, names[s],
                rates[s][rounds / 2] / 1e6, rates[s][0] / 1e6, rates[s][rounds - 1] / 1e6);
        }
        System.out.printf("%s ratio to yak: encode %.2f, encode bulk %.2f, decode bulk %.2f, decode next %.2f%n",
            dataset, rates[0][rounds / 2] / rates[2][rounds / 2], rates[1][rounds / 2] / rates[2][rounds / 2],
            rates[3][rounds / 2] / rates[5][rounds / 2], rates[4][rounds / 2] / rates[5][rounds / 2]);
    }

    private static long encodeZtsdb(final CodecBenchmarkData data, final MemorySegment out) {
        final GorillaEncoder encoder = new GorillaEncoder();
        int offset = 0;
        for (int c = 0; c < data.chunkFrom.length; c++) {
            encoder.wrap(out, offset, (int) out.byteSize() - offset);
            for (int i = data.chunkFrom[c], end = data.chunkTo[c]; i < end; i++) {
                encoder.append(data.timestamps[i], data.values[i]);
            }
            offset += encoder.writeCount().lengthBytes();
        }
        return offset;
    }

    private static long encodeZtsdbBulk(final CodecBenchmarkData data, final MemorySegment out) {
        final GorillaEncoder encoder = new GorillaEncoder();
        int offset = 0;
        for (int c = 0; c < data.chunkFrom.length; c++) {
            encoder.wrap(out, offset, (int) out.byteSize() - offset);
            encoder.append(data.timestamps, data.values, data.chunkFrom[c], data.chunkTo[c]);
            offset += encoder.lengthBytes();
        }
        return offset;
    }

    private static long encodeYak(final CodecBenchmarkData data) {
        long words = 0;
        for (int c = 0; c < data.chunkFrom.length; c++) {
            final LongArrayOutput output = new LongArrayOutput(data.yakInitialLongs(c));
            final GorillaCompressor compressor = new GorillaCompressor(data.timestamps[data.chunkFrom[c]], output);
            for (int i = data.chunkFrom[c], end = data.chunkTo[c]; i < end; i++) {
                compressor.addValue(data.timestamps[i], data.values[i]);
            }
            compressor.close();
            words += output.getLongArray().length;
        }
        return words;
    }

    private static long decodeZtsdbBulk(final MemorySegment chunks, final int[] ends, final long[] timestamps,
        final double[] values) {
        final GorillaDecoder decoder = new GorillaDecoder();
        long checksum = 0;
        int start = 0;
        for (final int end : ends) {
            decoder.wrap(chunks, start, end - start);
            final int count = decoder.decode(timestamps, values, 0);
            for (int i = 0; i < count; i++) {
                checksum += timestamps[i] ^ Double.doubleToRawLongBits(values[i]);
            }
            start = end;
        }
        return checksum;
    }

    private static long decodeZtsdbNext(final MemorySegment chunks, final int[] ends) {
        final GorillaDecoder decoder = new GorillaDecoder();
        long checksum = 0;
        int start = 0;
        for (final int end : ends) {
            decoder.wrap(chunks, start, end - start);
            while (decoder.next()) {
                checksum += decoder.timestampMillis() ^ decoder.valueBits();
            }
            start = end;
        }
        return checksum;
    }

    private static long decodeYak(final long[][] chunks) {
        long checksum = 0;
        for (final long[] chunk : chunks) {
            final GorillaDecompressor decompressor = new GorillaDecompressor(new LongArrayInput(chunk));
            Pair pair;
            while ((pair = decompressor.readPair()) != null) {
                checksum += pair.getTimestamp() ^ Double.doubleToRawLongBits(pair.getDoubleValue());
            }
        }
        return checksum;
    }
}
