// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.collector;

import io.ztsdb.ebpf.CollectorConfig;
import io.ztsdb.ebpf.EbpfCollector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One collection round of the container collector (batch reads of the three BPF maps, cpu.stat and memory
 * readings per container, deltas, 10 samples per container to a no-op sink) for N containers. Needs root: it
 * creates N docker-named cgroups. The aux counter {@code cpuMicrosPerRound} is the thread CPU time per round.
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

    @Param({"ebpf", "cgroupfs"})
    String mode;

    private FakeCgroups cgroups;
    private EbpfCollector collector;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Thread CPU time per round, reported next to the wall time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        long cpuNanos;
        long rounds;

        /** @return CPU µs per round in this iteration. */
        public double cpuMicrosPerRound() {
            return rounds == 0 ? 0 : cpuNanos / 1e3 / rounds;
        }

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            rounds = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        cgroups = new FakeCgroups(containers);
        collector = new EbpfCollector(new CollectorConfig().scope(cgroups.v2Parent).ebpfEnabled(mode.equals("ebpf"))
            .maxCgroups(Math.max(1024, containers * 2)), (metric, labels, timestamp, value) -> { });
        collector.open();
        if (collector.containers().size() != containers) {
            throw new IllegalStateException("discovered " + collector.containers().size() + " of " + containers);
        }
        collector.sampleNow();
    }

    @Benchmark
    public long round(final CpuTime cpu) {
        final long start = threads.getCurrentThreadCpuTime();
        collector.sampleNow();
        cpu.cpuNanos += threads.getCurrentThreadCpuTime() - start;
        cpu.rounds++;
        return collector.stats().rounds();
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
