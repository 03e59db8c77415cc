// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.collector;

import io.ztsdb.ebpf.CollectorConfig;
import io.ztsdb.ebpf.EbpfCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One collection round of the container collector (batch reads of the BPF maps, the cgroupfs readings per
 * container: cpu.stat, v1 cpu.stat for throttling, memory usage, memory.stat, OOM events; deltas, the samples to a
 * no-op sink) for N containers. Needs root: it
 * creates N docker-named cgroups. Each iteration also prints the thread CPU time per round.
 * {@code discovery} measures one discovery walk.
 * <pre>java --enable-native-access=ALL-UNNAMED -jar tsdb-bench/target/benchmarks.jar CollectorRoundBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class CollectorRoundBenchmark {
    @Param({"100", "1000"})
    int containers;

    /** ebpf: every BPF map but the CPU counter, and cgroupfs (default); ebpf-cpu: CPU from BPF too; cgroupfs:
     * --no-ebpf. */
    @Param({"ebpf", "ebpf-cpu", "cgroupfs"})
    String mode;

    private FakeCgroups cgroups;
    private EbpfCollector collector;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private long cpuNanos;
    private long rounds;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        cgroups = new FakeCgroups(containers);
        collector = new EbpfCollector(new CollectorConfig().scope(cgroups.v2Parent)
            .ebpfEnabled(!mode.equals("cgroupfs")).cpuFromEbpf(mode.equals("ebpf-cpu"))
            .maxCgroups(Math.max(1024, containers * 2)), (metric, labels, timestamp, value) -> { });
        collector.open();
        if (collector.containers().size() != containers) {
            throw new IllegalStateException("discovered " + collector.containers().size() + " of " + containers);
        }
        collector.sampleNow();
    }

    @Benchmark
    public long round() {
        final long start = threads.getCurrentThreadCpuTime();
        collector.sampleNow();
        cpuNanos += threads.getCurrentThreadCpuTime() - start;
        rounds++;
        return collector.stats().rounds();
    }

    /** Prints the thread CPU time per round of the iteration (wall time on a loaded machine is higher). */
    @TearDown(Level.Iteration)
    public void printCpuTime() {
        if (rounds > 0) {
            System.out.printf("  [cpu per round: %.1f us over %d rounds]%n", cpuNanos / 1e3 / rounds, rounds);
        }
        cpuNanos = 0;
        rounds = 0;
    }

    /** One discovery walk: the v2 tree plus the v1 memory/cpuacct/blkio trees, N containers each. */
    @Benchmark
    public long discovery() {
        collector.discoverNow();
        return collector.stats().discoveries();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        collector.close();
        cgroups.close();
    }
}
