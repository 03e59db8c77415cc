// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The two decode benchmarks timed by the thread's CPU time instead of the wall clock, so that a figure taken while
 * other processes share the cores still says what one core does: samples (points) per CPU-second, median of 15
 * rounds of about 1 s after 10 rounds of warm-up.
 * <pre>
 * java -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.ingest.DecodeCpuTime
 * </pre>
 */
public final class DecodeCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecodeCpuTime() {
    }

    /** @param args none. */
    public static void main(final String[] args) {
        final RemoteWriteDecodeBenchmark remoteWrite = new RemoteWriteDecodeBenchmark();
        remoteWrite.setUp();
        System.out.printf("remote-write decompress+decode: %.2f M samples per CPU-second%n",
            perCpuSecond(remoteWrite::decompressAndDecode, RemoteWriteDecodeBenchmark.SAMPLES) / 1e6);
        for (final String shape : new String[] {"telegraf", "synthetic"}) {
            final LineProtocolParseBenchmark lineProtocol = new LineProtocolParseBenchmark();
            lineProtocol.shape = shape;
            lineProtocol.setUp();
            System.out.printf("line-protocol parse, %s lines: %.2f M points per CPU-second%n", shape,
                perCpuSecond(lineProtocol::parse, LineProtocolParseBenchmark.POINTS) / 1e6);
        }
    }

    private static double perCpuSecond(final BooleanSupplier work, final int perCall) {
        final double[] rates = new double[25];
        boolean sink = false;
        for (int round = 0; round < rates.length; round++) {
            final long start = THREADS.getCurrentThreadCpuTime();
            long calls = 0;
            while (THREADS.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                for (int i = 0; i < 20; i++) {
                    sink ^= work.getAsBoolean();
                }
                calls += 20;
            }
            rates[round] = calls * perCall / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
        }
        if (sink) {
            System.out.print("");
        }
        final double[] measured = Arrays.copyOfRange(rates, 10, rates.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
