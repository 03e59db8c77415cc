// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The work of the JVM's JIT compiler threads, for {@link QueryWarmup} to wait until they fall quiet.
 * <p>
 * <b>Design note:</b> on Linux the CPU time of the compiler threads ({@code /proc/self/task/*}, the threads named
 * {@code C1/C2 CompilerThread}) tells a compiler at work from an idle one. The JVM's own count,
 * {@link CompilationMXBean#getTotalCompilationTime}, grows only when a compilation ends: a C2 compilation of a large
 * method takes 100 ms and more on a busy host, and the count stood still meanwhile (the warm-up took the compilers
 * for quiet and the backlog ran beside the first client query). It is the fallback elsewhere. A compiler thread
 * that is runnable but waiting for a core (a loaded host) uses no CPU and still has work: one in state {@code R}
 * counts as busy.
 */
final class CompilerActivity {
    private static final Path TASKS = Path.of("/proc/self/task");
    /** Quiet: the compilers used less than this share of the window (1/20 = 5 % of one core). */
    private static final int QUIET_SHARE = 20;

    private CompilerActivity() {
    }

    /**
     * Waits until the compilers have worked less than 5 % of {@code quietMillis} for {@code quietMillis}, at most
     * {@code maxMillis}.
     *
     * @return the milliseconds waited.
     */
    static long awaitQuiet(final long quietMillis, final long maxMillis) {
        final long start = System.nanoTime();
        final long window = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        final long max = TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long work = nanos();
        while (System.nanoTime() - start < max) {
            try {
                Thread.sleep(quietMillis);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            final long now = nanos();
            if (now - work < window / QUIET_SHARE && !compilerRunnable()) {
                break;
            }
            work = now;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** {@return nanoseconds of compiler work so far: CPU time of the compiler threads, else compilation time} */
    static long nanos() {
        final long cpu = compilerThreadsCpuNanos();
        if (cpu >= 0) {
            return cpu;
        }
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
            ? TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime()) : 0;
    }

    /** Whether a JIT compiler thread is running or waiting for a core now (false where {@code /proc} has none). */
    static boolean compilerRunnable() {
        if (!Files.isDirectory(TASKS)) {
            return false;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (final Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        final String stat = Files.readString(task.resolve("stat"));
                        if (stat.charAt(stat.lastIndexOf(')') + 2) == 'R') {
                            return true;
                        }
                    }
                } catch (final IOException | RuntimeException ex) {
                    // A thread that ended while being read.
                }
            }
        } catch (final IOException ex) {
            return false;
        }
        return false;
    }

    /** CPU nanoseconds of this process' JIT compiler threads, from {@code /proc}; -1 where there is none. */
    private static long compilerThreadsCpuNanos() {
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        long sum = 0;
        int compilers = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (final Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        final String schedstat = Files.readString(task.resolve("schedstat"));
                        sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                        compilers++;
                    }
                } catch (final IOException | RuntimeException ex) {
                    // A thread that ended while being read (compiler threads come and go with the queue).
                }
            }
        } catch (final IOException ex) {
            return -1;
        }
        return compilers == 0 ? -1 : sum;
    }
}
