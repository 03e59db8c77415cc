// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ztsdb.ebpf.sampler.CgroupState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kernel, real cgroups, real traffic: fake containers under a unique test parent, loopback only. Every
 * assertion is keyed by this test's own cgroups, never by global counters (other builds run on this machine).
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EbpfCollectorPrivilegedTest {
    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRootAndBtf() {
        BpfAssumptions.assumeRootAndBtf();
    }

    @AfterAll
    static void shouldLeaveNoProgramsOrLinksBehind() throws Exception {
        if (!EbpfCollector.hasBpfPrivileges()) {
            return;
        }
        // only this JVM's programs count: a collector, benchmark or other build's tests elsewhere on this machine
        // may hold their own
        assertThat(LeakCheck.ztsdbProgramsHeldByThisJvm()).isEmpty();
        try (var dirs = Files.list(FakeContainers.CGROUP_ROOT.resolve("unified"))) {
            assertThat(dirs.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("ztsdb-test-"));
        }
    }

    static String run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private EbpfCollector collector(final FakeContainers fake, final SampleSink sink) {
        final EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent).maxCgroups(1024),
            sink);
        collector.open();
        assertThat(collector.stats().mode()).isEqualTo(CollectorMode.EBPF);
        assertThat(collector.stats().failures()).isEmpty();
        return collector;
    }

    private static int readPort(final Path portFile) throws InterruptedException, IOException {
        for (int i = 0; i < 200 && !Files.exists(portFile); i++) {
            Thread.sleep(25);
        }
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    @Test
    void shouldCountLoopbackTcpBytesOnBothSides() throws Exception {
        final long n = 10_000_000;
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id1 = FakeContainers.randomId();
            final String id2 = FakeContainers.randomId();
            final var c1 = fake.create(id1, "system.slice/docker-" + id1 + ".scope");
            final var c2 = fake.create(id2, "kubepods.slice/kubepods-pod1.slice/cri-containerd-" + id2 + ".scope");
            fake.highCpuWeight(c1); // both ends keep up although other builds load the machine
            fake.highCpuWeight(c2);
            try (EbpfCollector collector = collector(fake, sink)) {
                collector.sampleNow(); // baseline
                final Path portFile = scratch.resolve("tcp.port");
                final Process server = fake.workload(c2, "tcp-server", portFile.toString(), Long.toString(n));
                final Process client = fake.workload(c1, "tcp-client", Integer.toString(readPort(portFile)),
                    Long.toString(n));
                assertThat(FakeContainers.await(client, 60)).isZero();
                assertThat(FakeContainers.await(server, 60)).isZero();
                assertThat(new String(server.getInputStream().readAllBytes()).trim()).isEqualTo(Long.toString(n));
                // Payload the sender's TCP sent again (tcp_info.tcpi_bytes_retrans): real bytes on the wire, so
                // counted by both hooks; usually 0 on loopback, but not always on a busy host.
                final long retransmitted = Long.parseLong(new String(client.getInputStream().readAllBytes()).trim());
                collector.sampleNow();

                final long c1Tx = collector.total(c1.cgroupId(), CgroupState.NET_TX_BYTES);
                final long c2Rx = collector.total(c2.cgroupId(), CgroupState.NET_RX_BYTES);
                final String segments = "segments tx=" + collector.total(c1.cgroupId(), CgroupState.NET_TX_PACKETS)
                    + " rx=" + collector.total(c2.cgroupId(), CgroupState.NET_RX_PACKETS)
                    + " retransmitted bytes=" + retransmitted;
                final long onWire = n + retransmitted;
                assertThat(c1Tx).as(segments).isBetween(onWire, onWire + onWire / 100);
                assertThat(c2Rx).as(segments).isBetween(n, onWire + onWire / 100);
                assertThat(collector.total(c1.cgroupId(), CgroupState.NET_TX_PACKETS))
                    .isEqualTo(collector.total(c2.cgroupId(), CgroupState.NET_RX_PACKETS));
                assertThat(sink.of(MetricNames.NET_TX_BYTES, id1)).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.labels()).containsEntry("runtime", "docker"));
                assertThat(sink.of(MetricNames.NET_RX_BYTES, id2)).extracting(RecordingSink.Sample::value)
                    .anySatisfy(v -> assertThat(v).isGreaterThan(0));
            }
        }
    }

    @Test
    void shouldCountUdpDatagramsExactly() throws Exception {
        final int k = 1000;
        final int size = 1000;
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id1 = FakeContainers.randomId();
            final String id2 = FakeContainers.randomId();
            final var c1 = fake.create(id1, "machine.slice/libpod-" + id1 + ".scope");
            final var c2 = fake.create(id2, "crio-" + id2 + ".scope");
            try (EbpfCollector collector = collector(fake, new RecordingSink())) {
                collector.sampleNow();
                final Path portFile = scratch.resolve("udp.port");
                final Process receiver = fake.workload(c2, "udp-recv", portFile.toString(), Integer.toString(k));
                final Process sender = fake.workload(c1, "udp-send", Integer.toString(readPort(portFile)),
                    Integer.toString(k), Integer.toString(size));
                assertThat(FakeContainers.await(sender, 60)).isZero();
                assertThat(FakeContainers.await(receiver, 60)).isZero();
                collector.sampleNow();

                assertThat(collector.total(c1.cgroupId(), CgroupState.NET_TX_PACKETS)).isEqualTo(k);
                assertThat(collector.total(c1.cgroupId(), CgroupState.NET_TX_BYTES)).isEqualTo((long) k * (size + 28));
                assertThat(collector.total(c2.cgroupId(), CgroupState.NET_RX_PACKETS)).isEqualTo(k);
                assertThat(collector.total(c2.cgroupId(), CgroupState.NET_RX_BYTES)).isEqualTo((long) k * (size + 28));
            }
        }
    }

    /** 64 MiB of direct writes and reads, counted exactly (bios attributed to the submitting task's cgroup). */
    @Test
    void shouldCountDirectIoWritesAndReadsExactly() throws Exception {
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "system.slice/docker-" + id + ".scope");
            try (EbpfCollector collector = collector(fake, new RecordingSink())) {
                DirectIoCheck.assertCountedExactly(collector, fake, c, c.cgroupId());
            }
        }
    }

    /**
     * Two collectors at once: the default one (CPU from cgroupfs cpu.stat) for the percent, and one with CPU from
     * the BPF sched_switch counter, whose total must agree with cpu.stat.
     */
    @Test
    void shouldMeasureOneBusyCpuAsHundredPercent() throws Exception {
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "crio-" + id + ".scope");
            try (EbpfCollector collector = collector(fake, sink);
                 EbpfCollector bpfCpu = new EbpfCollector(new CollectorConfig().scope(fake.parent).maxCgroups(1024)
                     .cpuFromEbpf(true), new RecordingSink())) {
                bpfCpu.open();
                assertThat(bpfCpu.stats().programsAttached()).contains("ztsdb_cpu_btf");
                collector.sampleNow();
                bpfCpu.sampleNow();
                fake.highCpuWeight(c); // the loop keeps its CPU although other builds share this 2-core machine
                final Process busy = fake.run(c, FakeContainers.python(), "-c",
                    "import time\nend=time.monotonic()+3.5\nwhile time.monotonic()<end: pass");
                Thread.sleep(500);
                collector.sampleNow(); // start of the measured window
                sink.clear();
                Thread.sleep(1000);
                collector.sampleNow();
                Thread.sleep(1000);
                collector.sampleNow();
                assertThat(FakeContainers.await(busy, 30)).isZero();
                collector.sampleNow();
                bpfCpu.sampleNow();

                final List<Double> percents = sink.of(MetricNames.CPU_USAGE, id).stream()
                    .map(RecordingSink.Sample::value).toList();
                assertThat(percents).hasSizeGreaterThanOrEqualTo(3);
                assertThat(percents.subList(0, 2)).allSatisfy(p -> assertThat(p).isCloseTo(100.0, within(5.0)));
                final long cgroupfs = collector.total(c.cgroupId(), CgroupState.CPU_CGROUPFS_NS);
                final long bpf = bpfCpu.total(c.cgroupId(), CgroupState.CPU_BPF_NS);
                assertThat(cgroupfs).isGreaterThan(3_000_000_000L);
                // Both sum se.sum_exec_runtime and agree to the microsecond (docs/ebpf.md, "CPU from BPF").
                assertThat((double) bpf).as("BPF %d ns vs cpu.stat %d ns", bpf, cgroupfs)
                    .isCloseTo(cgroupfs, within(cgroupfs * 0.005));
            }
        }
    }

    @Test
    void shouldReportMemoryOfTouchedPages() throws Exception {
        final long mib = 200;
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "docker/" + id);
            try (EbpfCollector collector = collector(fake, sink)) {
                final Process mem = fake.workload(c, "mem", Long.toString(mib));
                final String ready = new String(mem.getInputStream().readNBytes(6)).trim();
                assertThat(ready).isEqualTo("ready");
                collector.sampleNow();
                final List<RecordingSink.Sample> samples = sink.of(MetricNames.MEMORY_BYTES, id);
                assertThat(samples).isNotEmpty();
                assertThat(samples.getLast().value()).isBetween((double) (mib << 20), (double) ((mib + 64) << 20));
                mem.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void shouldFallBackToCgroupfsWithoutEbpf() throws Exception {
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String id = FakeContainers.randomId();
            final var c = fake.create(id, "docker-" + id + ".scope");
            try (EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent)
                .ebpfEnabled(false), sink)) {
                collector.open();
                assertThat(collector.stats().mode()).isEqualTo(CollectorMode.CGROUPFS);
                assertThat(collector.stats().programsAttached()).isEmpty();
                assertThat(collector.stats().missingMetrics()).containsExactly(MetricNames.NET_RX_BYTES,
                    MetricNames.NET_TX_BYTES, MetricNames.NET_RX_PACKETS, MetricNames.NET_TX_PACKETS,
                    MetricNames.BLOCK_READ_BYTES, MetricNames.BLOCK_WRITE_BYTES, MetricNames.BLOCK_READ_OPS,
                    MetricNames.BLOCK_WRITE_OPS, MetricNames.RUNQUEUE_WAIT, MetricNames.RUNQUEUE_LATENCY_P50,
                    MetricNames.RUNQUEUE_LATENCY_P99, MetricNames.NET_TCP_RETRANSMITS, MetricNames.NET_DROPS);
                collector.sampleNow();
                fake.highCpuWeight(c);
                assertThat(FakeContainers.await(fake.workload(c, "busy", "0.3"), 30)).isZero();
                collector.sampleNow();
                assertThat(sink.of(MetricNames.CPU_USAGE, id)).hasSize(1);
                assertThat(sink.of(MetricNames.NET_RX_BYTES, id)).isEmpty();
                assertThat(collector.total(c.cgroupId(), CgroupState.CPU_CGROUPFS_NS)).isGreaterThan(200_000_000L);
            }
        }
    }
}
