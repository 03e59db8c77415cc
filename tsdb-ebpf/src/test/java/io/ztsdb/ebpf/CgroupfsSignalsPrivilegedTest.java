// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ztsdb.ebpf.sampler.CgroupState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signals the kernel keeps in cgroupfs, checked against what the test made happen: an OOM kill under a memory
 * limit (counted by BPF, and from cgroupfs without it), CFS throttling under a CPU quota, the working set of
 * anonymous memory next to page cache.
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CgroupfsSignalsPrivilegedTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRoot() {
        assumeTrue(EbpfCollector.hasBpfPrivileges(), "needs root (creates cgroups)");
    }

    private static EbpfCollector collector(final FakeContainers fake, final SampleSink sink) {
        // cgroupfs metrics only: no BPF program is needed for them
        final EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent).ebpfEnabled(false),
            sink);
        collector.open();
        return collector;
    }

    /**
     * A process that touches 200 MiB in a container limited to 64 MiB is killed: one OOM kill counted, by the
     * mark_victim program and, without eBPF, from memory.events / memory.oom_control.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldCountTheOomKillOfAProcessPastTheLimit(final boolean ebpf) throws Exception {
        assumeTrue(!ebpf || Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "needs kernel BTF");
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "system.slice/docker-" + id + ".scope");
            fake.limitMemory(c, 64 * MIB);
            try (EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent)
                .ebpfEnabled(ebpf).maxCgroups(256), sink)) {
                collector.open();
                assertThat(collector.stats().programsAttached().contains("ztsdb_oom_btf")).isEqualTo(ebpf);
                collector.sampleNow(); // baseline
                collector.sampleNow();
                final Process victim = fake.workload(c, "mem", "200");
                assertThat(FakeContainers.await(victim, 60)).as("killed by SIGKILL").isEqualTo(128 + 9);
                collector.sampleNow();
                collector.sampleNow();

                assertThat(collector.total(c.cgroupId(), ebpf ? CgroupState.OOM_KILLS_BPF : CgroupState.OOM_KILLS))
                    .isEqualTo(1);
                final List<Double> kills = sink.of(MetricNames.MEMORY_OOM_KILLS, id).stream()
                    .map(RecordingSink.Sample::value).toList();
                assertThat(kills).hasSize(3).containsExactly(0.0, 1.0, 0.0);
            }
        }
    }

    /**
     * A busy loop pinned to one CPU in a container with a quota of 20 ms per 100 ms period: every period is
     * throttled (10 per second) for the 80 ms the loop is not allowed to run, and it gets 20 % of a CPU.
     */
    @Test
    void shouldReportThrottlingOfACpuQuota() throws Exception {
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "kubepods/burstable/pod3f2a9c1e-1111-2222-3333-444455556666/" + id);
            fake.cpuQuota(c, 20_000, 100_000);
            fake.highCpuWeight(c); // within its quota the loop gets its CPU although other builds share the machine
            try (EbpfCollector collector = collector(fake, sink)) {
                collector.sampleNow();
                final Process busy = fake.workloadOnCpu(0, c, "busy", "3.5");
                Thread.sleep(500);
                collector.sampleNow();
                final long periods0 = collector.total(c.cgroupId(), CgroupState.CPU_THROTTLED_PERIODS);
                final long throttled0 = collector.total(c.cgroupId(), CgroupState.CPU_THROTTLED_NS);
                sink.clear();
                final long start = System.nanoTime();
                Thread.sleep(1000);
                collector.sampleNow();
                Thread.sleep(1000);
                collector.sampleNow();
                final double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(FakeContainers.await(busy, 30)).isZero();

                final double periods = collector.total(c.cgroupId(), CgroupState.CPU_THROTTLED_PERIODS) - periods0;
                final double throttled = (collector.total(c.cgroupId(), CgroupState.CPU_THROTTLED_NS) - throttled0)
                    / 1e9;
                final String detail = String.format("%.0f throttled periods, %.3f s throttled in %.3f s", periods,
                    throttled, seconds);
                System.out.println("throttling: " + detail);
                assertThat(periods).as(detail).isCloseTo(10 * seconds, within(2.0));
                assertThat(throttled / seconds).as(detail).isCloseTo(0.8, within(0.08));
                assertThat(sink.of(MetricNames.CPU_THROTTLED_PERIODS, id)).hasSize(2)
                    .allSatisfy(s -> assertThat(s.value()).isCloseTo(10.0, within(2.0)));
                assertThat(sink.of(MetricNames.CPU_THROTTLED_TIME, id)).hasSize(2)
                    .allSatisfy(s -> assertThat(s.value()).isCloseTo(0.8, within(0.1)));
                assertThat(sink.of(MetricNames.CPU_USAGE, id)).hasSize(2)
                    .allSatisfy(s -> assertThat(s.value()).isCloseTo(20.0, within(3.0)));
                assertThat(sink.of(MetricNames.CPU_THROTTLED_TIME, id).getFirst().labels())
                    .containsEntry("pod_uid", "3f2a9c1e-1111-2222-3333-444455556666");
            }
        }
    }

    /**
     * 100 MiB of anonymous memory, then 64 MiB written through the page cache to a file: usage counts both, the
     * working set (usage minus inactive file pages) only the anonymous memory.
     */
    @Test
    void shouldLeaveFreshPageCacheOutOfTheWorkingSet() throws Exception {
        final RecordingSink sink = new RecordingSink();
        final Path dir = Files.createDirectories(Path.of("target", "ebpf-working-set").toAbsolutePath());
        final Path file = dir.resolve("cache-" + System.nanoTime());
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "machine.slice/libpod-" + id + ".scope");
            try (EbpfCollector collector = collector(fake, sink)) {
                final Process mem = fake.workload(c, "mem", "100");
                assertThat(new String(mem.getInputStream().readNBytes(6)).trim()).isEqualTo("ready");
                assertThat(FakeContainers.await(fake.run(c, "dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=64",
                    "status=none"), 60)).isZero();
                collector.sampleNow();
                final double usage = sink.of(MetricNames.MEMORY_BYTES, id).getLast().value();
                final double workingSet = sink.of(MetricNames.MEMORY_WORKING_SET, id).getLast().value();
                System.out.printf("working set: usage %.1f MiB, working set %.1f MiB%n", usage / MIB,
                    workingSet / MIB);
                assertThat(usage).isGreaterThan(160.0 * MIB);
                assertThat(workingSet).isBetween(100.0 * MIB, 100.0 * MIB + 32 * MIB);
                assertThat(usage - workingSet).isGreaterThan(56.0 * MIB);
                mem.destroyForcibly().waitFor();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
