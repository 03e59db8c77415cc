// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.collector;

import io.ztsdb.ebpf.CollectorConfig;
import io.ztsdb.ebpf.EbpfCollector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU share of the collector thread with N containers at a given interval, measured over a duration: the thread
 * CPU time of {@code ztsdb-collector} divided by wall time. Needs root. The default config loads every program but
 * the sched_switch CPU counter (network, block I/O, run queue, TCP retransmits, drops) and reads every cgroupfs
 * file (CPU, throttling, memory, working set, OOM kills); a fourth argument {@code cpu-from-ebpf} adds the CPU
 * counter.
 * <pre>java --enable-native-access=ALL-UNNAMED -cp tsdb-bench/target/benchmarks.jar \
 *     io.ztsdb.bench.collector.CollectorOverhead 100 1000 30 [cpu-from-ebpf]</pre>
 */
public final class CollectorOverhead {
    private CollectorOverhead() {
    }

    /**
     * @param args containers, interval ms, duration s.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        final int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        final long intervalMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        final long seconds = args.length > 2 ? Long.parseLong(args[2]) : 30;
        final boolean cpuFromEbpf = args.length > 3 && args[3].equals("cpu-from-ebpf");
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (FakeCgroups cgroups = new FakeCgroups(containers);
             EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(cgroups.v2Parent)
                 .intervalMillis(intervalMillis).cpuFromEbpf(cpuFromEbpf), (metric, labels, timestamp, value) -> { })) {
            collector.start();
            System.out.println("programs: " + collector.stats().programsAttached() + ", failures: "
                + collector.stats().failures());
            Thread.sleep(2000); // warm-up
            final long threadId = collectorThreadId(threads);
            final long cpu0 = threads.getThreadCpuTime(threadId);
            final long wall0 = System.nanoTime();
            final long rounds0 = collector.stats().rounds();
            Thread.sleep(seconds * 1000);
            final long cpu = threads.getThreadCpuTime(threadId) - cpu0;
            final long wall = System.nanoTime() - wall0;
            final long rounds = collector.stats().rounds() - rounds0;
            System.out.printf("containers=%d interval=%dms duration=%.1fs mode=%s rounds=%d collector-thread CPU=%.3f"
                    + " ms"
                    + " (%.4f %% of one core), %.1f us CPU per round (includes discovery every %d ms)%n",
                containers, intervalMillis, wall / 1e9, collector.stats().mode().label(), rounds, cpu / 1e6,
                100.0 * cpu / wall, cpu / 1e3 / Math.max(1, rounds), CollectorConfig.DISCOVERY_INTERVAL_MILLIS_DEFAULT);
            System.out.printf("last round: %.1f us wall, %.1f us CPU; last discovery: %.1f us wall%n",
                collector.stats().lastRoundNanos() / 1e3, collector.stats().lastRoundCpuNanos() / 1e3,
                collector.stats().lastDiscoveryNanos() / 1e3);
        }
    }

    private static long collectorThreadId(final ThreadMXBean threads) {
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("ztsdb-collector")) {
                return info.getThreadId();
            }
        }
        throw new IllegalStateException("collector thread not found");
    }
}
