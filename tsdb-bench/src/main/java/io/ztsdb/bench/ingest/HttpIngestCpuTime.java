// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * {@link HttpIngestEngineBenchmark}'s two paths (decode, series resolve, durable write into a real engine) timed by
 * the CPU time of the whole process (the calling thread and the engine's WAL writer and fsync threads), so that a
 * figure taken while other processes share the cores still says what the work costs: samples (points) per
 * process CPU-second, median of 10 rounds of about 1 CPU-second after 5 rounds of warm-up; a ceiling for the
 * server, which adds HTTP on top.
 * <pre>
 * java -Xmx2g --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
 *     -cp tsdb-bench/target/benchmarks.jar io.ztsdb.bench.ingest.HttpIngestCpuTime [fsync|none]
 * </pre>
 */
public final class HttpIngestCpuTime {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private HttpIngestCpuTime() {
    }

    /** @param args the WAL policy, {@code fsync} by default. */
    public static void main(final String[] args) throws Exception {
        final HttpIngestEngineBenchmark bench = new HttpIngestEngineBenchmark();
        bench.walSync = args.length > 0 ? args[0] : "fsync";
        bench.setUp();
        try {
            System.out.printf("remote write, decode + resolve + durable write (WAL %s): %.2f M samples per process "
                + "CPU-second%n", bench.walSync, perCpuSecond(bench::remoteWrite) / 1e6);
            System.out.printf("line protocol, parse + resolve + durable write (WAL %s): %.2f M points per process "
                + "CPU-second%n", bench.walSync, perCpuSecond(bench::lineProtocol) / 1e6);
        } finally {
            bench.tearDown();
        }
    }

    private static double perCpuSecond(final IntSupplier request) {
        final double[] rates = new double[15];
        for (int round = 0; round < rates.length; round++) {
            final long start = OS.getProcessCpuTime();
            long samples = 0;
            while (OS.getProcessCpuTime() - start < 1_000_000_000L) {
                for (int i = 0; i < 10; i++) {
                    samples += request.getAsInt();
                }
            }
            rates[round] = samples / ((OS.getProcessCpuTime() - start) / 1e9);
        }
        final double[] measured = Arrays.copyOfRange(rates, 5, rates.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
