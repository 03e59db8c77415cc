// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cases of {@link QueryJsonEncoderBenchmark} timed in thread CPU time rather than wall time, so the figure
 * holds on a machine shared with other jobs: 300 warm-up encodings, then the median and minimum of 300.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp tsdb-bench/target/benchmarks.jar \
 *     io.ztsdb.server.http.QueryJsonEncoderCpuTime
 * </pre>
 */
public final class QueryJsonEncoderCpuTime {
    private static final int RUNS = 300;
    private static final double POINTS = 86_400;

    private QueryJsonEncoderCpuTime() {
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args) throws Exception {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (final String values : new String[] {"decimal", "counter"}) {
            final QueryJsonEncoderBenchmark benchmark = new QueryJsonEncoderBenchmark();
            benchmark.values = values;
            benchmark.setUp();
            for (final boolean encoder : new boolean[] {true, false}) {
                final long[] nanos = new long[RUNS];
                for (int i = 0; i < 2 * RUNS; i++) {
                    final long start = threads.getCurrentThreadCpuTime();
                    final long bytes = encoder ? benchmark.encoder() : benchmark.jackson();
                    if (i >= RUNS && bytes > 0) {
                        nanos[i - RUNS] = threads.getCurrentThreadCpuTime() - start;
                    }
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT,
                    "%s %s: CPU per 86,400 points median %.2f ms (%.1f ns/point), min %.2f ms%n", values,
                    encoder ? "encoder" : "jackson", nanos[RUNS / 2] / 1e6, nanos[RUNS / 2] / POINTS, nanos[0] / 1e6);
            }
        }
    }
}
