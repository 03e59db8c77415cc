// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cases of {@link QueryJsonEncoderBenchmark} and {@link QueryJsonSelectionBenchmark} timed in thread CPU time
 * rather than wall time, so the figure holds on a machine shared with other jobs: 300 warm-up encodings, then the
 * median and minimum of 300.
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp tsdb-bench/target/benchmarks.jar \
 *     io.ztsdb.server.http.QueryJsonEncoderCpuTime
 * </pre>
 */
public final class QueryJsonEncoderCpuTime {
    private static final int RUNS = 300;
    private static final double POINTS = 86_400;
    private static final double SELECTION_POINTS = 60_000;

    private QueryJsonEncoderCpuTime() {
    }

    /**
     * @param args none.
     */
    public static void main(final String[] args) throws Exception {
        for (final String values : new String[] {"decimal", "counter"}) {
            final QueryJsonEncoderBenchmark benchmark = new QueryJsonEncoderBenchmark();
            benchmark.values = values;
            benchmark.setUp();
            report(values + " encoder", "86,400 points", POINTS, benchmark::encoder);
            report(values + " jackson", "86,400 points", POINTS, benchmark::jackson);
        }
        final QueryJsonSelectionBenchmark selection = new QueryJsonSelectionBenchmark();
        selection.setUp();
        report("selection encoder", "1,000 series x 60 points", SELECTION_POINTS, selection::encoder);
        report("selection jackson", "1,000 series x 60 points", SELECTION_POINTS, selection::jackson);
    }

    /** One encoding, returning the bytes written. */
    private interface Encoding {
        long run() throws Exception;
    }

    private static void report(final String name, final String what, final double points, final Encoding encoding)
        throws Exception {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long[] nanos = new long[RUNS];
        for (int i = 0; i < 2 * RUNS; i++) {
            final long start = threads.getCurrentThreadCpuTime();
            final long bytes = encoding.run();
            if (i >= RUNS && bytes > 0) {
                nanos[i - RUNS] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%s: CPU per %s median %.2f ms (%.1f ns/point), min %.2f ms%n", name, what,
            nanos[RUNS / 2] / 1e6, nanos[RUNS / 2] / points, nanos[0] / 1e6);
    }
}
