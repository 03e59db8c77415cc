// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import io.ztsdb.ebpf.layout.MapLayouts;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery of each runtime's naming on the real cgroup tree, containers starting and stopping while the
 * collector runs, and the final round of a vanished container.
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectorLifecyclePrivilegedTest {
    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRootAndBtf() {
        BpfAssumptions.assumeRootAndBtf();
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void shouldDiscoverEachRuntimeAndFollowContainersStartingAndStopping() throws Exception {
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch)) {
            final String docker = FakeContainers.randomId();
            final String dockerCgroupfs = FakeContainers.randomId();
            final String containerd = FakeContainers.randomId();
            final String kubeCgroupfs = FakeContainers.randomId();
            final String podman = FakeContainers.randomId();
            final String crio = FakeContainers.randomId();
            fake.create(docker, "system.slice/docker-" + docker + ".scope");
            final var receiverBox = fake.create(dockerCgroupfs, "docker/" + dockerCgroupfs);
            fake.create(containerd, "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/"
                + "cri-containerd-" + containerd + ".scope");
            fake.create(kubeCgroupfs, "kubepods/burstable/pod2d3e/" + kubeCgroupfs);
            fake.create(podman, "machine.slice/libpod-" + podman + ".scope");
            fake.create(crio, "crio-" + crio + ".scope");
            fake.create("conmon", "machine.slice/libpod-conmon-" + podman + ".scope");
            fake.create("service", "system.slice/sshd.service");

            try (EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent)
                .intervalMillis(200).discoveryIntervalMillis(300), sink)) {
                collector.start();
                final Map<String, String> expected = Map.of(docker, "docker", dockerCgroupfs, "docker",
                    containerd, "containerd", kubeCgroupfs, "containerd", podman, "podman", crio, "cri-o");
                assertThat(collector.containers().stream()
                    .collect(Collectors.toMap(ContainerInfo::containerId, ContainerInfo::runtime)))
                    .isEqualTo(expected);
                assertThat(collector.containers()).extracting(ContainerInfo::name)
                    .contains(docker.substring(0, 12));

                // a container starts while collecting, sends traffic, stops
                final String lateId = FakeContainers.randomId();
                final var late = fake.create(lateId, "system.slice/docker-" + lateId + ".scope");
                await(() -> collector.containers().stream().anyMatch(c -> c.containerId().equals(lateId)),
                    "discovery of the new container");
                final Path portFile = scratch.resolve("udp.port");
                final Process receiver = fake.workload(receiverBox, "udp-recv", portFile.toString(), "200");
                for (int i = 0; i < 200 && !Files.exists(portFile); i++) {
                    Thread.sleep(25);
                }
                final int port = Integer.parseInt(Files.readString(portFile).trim());
                assertThat(FakeContainers.await(fake.workload(late, "udp-send", Integer.toString(port), "200", "100"),
                    30)).isZero();
                assertThat(FakeContainers.await(receiver, 30)).isZero();
                await(() -> sink.of(MetricNames.NET_TX_PACKETS, lateId).stream().anyMatch(s -> s.value() > 0),
                    "packets of the new container");
                fake.remove(late);
                await(() -> collector.containers().stream().noneMatch(c -> c.containerId().equals(lateId)),
                    "the stopped container to vanish");
                Thread.sleep(500);
                final int samplesAfterStop = sink.of(MetricNames.NET_TX_PACKETS, lateId).size();
                Thread.sleep(600);
                assertThat(sink.of(MetricNames.NET_TX_PACKETS, lateId)).hasSize(samplesAfterStop);
                assertThat(collector.stats().errors()).isZero();
                assertThat(collector.stats().rounds()).isGreaterThan(3);
                // net ingress + egress, block I/O, run queue, TCP retransmits, drops, OOM kills; no sched_switch CPU
                // counter
                assertThat(collector.stats().programsAttached()).hasSize(7).doesNotContain("ztsdb_cpu_btf");
            }
        }
    }

    @Test
    void shouldEmitFinalDeltaOfVanishedContainerThenDeleteItsMapEntries() throws Exception {
        final RecordingSink sink = new RecordingSink();
        try (FakeContainers fake = new FakeContainers(scratch);
             Arena arena = Arena.ofConfined()) {
            final String senderId = FakeContainers.randomId();
            final String receiverId = FakeContainers.randomId();
            final var sender = fake.create(senderId, "libpod-" + senderId + ".scope");
            final var receiverBox = fake.create(receiverId, "crio-" + receiverId + ".scope");
            try (EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent), sink)) {
                collector.open();
                collector.sampleNow();
                final Path portFile = scratch.resolve("udp.port");
                final Process receiver = fake.workload(receiverBox, "udp-recv", portFile.toString(), "300");
                for (int i = 0; i < 200 && !Files.exists(portFile); i++) {
                    Thread.sleep(25);
                }
                final int port = Integer.parseInt(Files.readString(portFile).trim());
                assertThat(FakeContainers.await(fake.workload(sender, "udp-send", Integer.toString(port), "300",
                    "64"), 30)).isZero();
                assertThat(FakeContainers.await(receiver, 30)).isZero();
                final long senderCgroupId = sender.cgroupId();
                fake.remove(sender);

                collector.discoverNow();
                sink.clear();
                collector.sampleNow(); // the final round of the vanished container

                final List<RecordingSink.Sample> finalRound = sink.of(MetricNames.NET_TX_PACKETS, senderId);
                assertThat(finalRound).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
                final MemorySegment value = arena.allocate(
                    (long) MapLayouts.NET_VALUE_LENGTH * io.ztsdb.ebpf.libbpf.BpfObject.possibleCpus());
                assertThat(collector.programs().netMap().lookup(senderCgroupId, value)).isFalse();
                assertThat(collector.total(senderCgroupId, 0)).isEqualTo(-1);

                sink.clear();
                collector.sampleNow();
                assertThat(sink.of(MetricNames.NET_TX_PACKETS, senderId)).isEmpty();
                assertThat(sink.of(MetricNames.NET_RX_PACKETS, receiverId)).isNotEmpty();
            }
        }
    }
}
