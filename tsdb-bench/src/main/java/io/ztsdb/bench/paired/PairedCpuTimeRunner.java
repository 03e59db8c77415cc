// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.paired;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A/B of two builds in one JVM, for a shared, overloaded machine: each build's classes are loaded by their own
 * class loader, and one workload runs alternately on A and B in short slices (the order flipped every slice),
 * timed by the thread's CPU time. Background load then hits both sides alike, and the median of the per-slice
 * ratios B/A is stable to a few per cent where separate runs differ by twenty.
 * <p>
 * A workload is a class with {@code public static long work(String mode, int calls)} ({@link CodecWork}, {@link
 * HeadWork}, {@link QueryWork}, {@link IngestWork}, {@link PromqlWork}, {@link PromqlStepsWork}), compiled against
 * each build's API:
 * <pre>
 * java -cp tsdb-bench/target/classes io.ztsdb.bench.paired.PairedCpuTimeRunner \
 *     A_CLASSPATH B_CLASSPATH io.ztsdb.bench.paired.CodecWork MODE [slices] [calls] [unitsPerCall]
 * </pre>
 * Prints the median rate of each side in million units per CPU-second and the median and quartiles of B/A.
 */
public final class PairedCpuTimeRunner {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedCpuTimeRunner() {
    }

    /**
     * @param args A class path, B class path, workload class, mode, slices (40), calls per slice (2000), units per
     *             call (120: one chunk of samples).
     * @throws Throwable when a workload fails.
     */
    public static void main(final String[] args) throws Throwable {
        final MethodHandle a = load(args[0], args[2]);
        final MethodHandle b = load(args[1], args[2]);
        final String mode = args[3];
        final int slices = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        final int calls = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
        final double units = args.length > 6 ? Double.parseDouble(args[6]) : 120;
        long sink = 0;
        for (int w = 0; w < Integer.getInteger("warmups", 20); w++) {
            sink += (long) a.invokeExact(mode, calls) + (long) b.invokeExact(mode, calls);
        }
        final double[] rateA = new double[slices];
        final double[] rateB = new double[slices];
        final double[] ratio = new double[slices];
        for (int s = 0; s < slices; s++) {
            for (int pass = 0; pass < 2; pass++) {
                final boolean onA = (pass == 0) == ((s & 1) == 0);
                final long start = THREADS.getCurrentThreadCpuTime();
                sink += onA ? (long) a.invokeExact(mode, calls) : (long) b.invokeExact(mode, calls);
                final double rate = calls * units / ((THREADS.getCurrentThreadCpuTime() - start) / 1e3);
                if (onA) {
                    rateA[s] = rate;
                } else {
                    rateB[s] = rate;
                }
            }
            ratio[s] = rateB[s] / rateA[s];
        }
        Arrays.sort(rateA);
        Arrays.sort(rateB);
        Arrays.sort(ratio);
        System.out.printf("%s %s: A %.1f, B %.1f M/CPU-s (medians of %d slices); B/A %.3f (quartiles %.3f-%.3f)"
            + " sink=%d%n", args[2].substring(args[2].lastIndexOf('.') + 1), mode, rateA[slices / 2],
            rateB[slices / 2], slices, ratio[slices / 2], ratio[slices / 4], ratio[3 * slices / 4], sink & 1);
    }

    private static MethodHandle load(final String classPath, final String workload) throws ReflectiveOperationException,
        java.net.MalformedURLException {
        final List<URL> urls = new ArrayList<>();
        for (final String entry : classPath.split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        final ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        return MethodHandles.publicLookup().findStatic(loader.loadClass(workload), "work",
            MethodType.methodType(long.class, String.class, int.class));
    }
}
