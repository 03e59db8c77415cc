// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfMap;
import io.ztsdb.ebpf.libbpf.BpfObject;
import io.ztsdb.ebpf.sampler.CgroupState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * The counter slots of the network program with a single slot, so that containers collide for real: each sends UDP
 * datagrams from a given CPU to a receiver in the root cgroup (which counts for nobody and takes no slot), and its
 * packets and bytes must be exact whether they were counted in the slot or in the overflow hash, before and after
 * the slot changes hands. The slot is read back to check which cgroup holds it on each CPU.
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CounterSlotsPrivilegedTest {
    private static final int SIZE = 100;

    @TempDir
    Path scratch;

    @BeforeAll
    static void requireRootAndBtf() {
        BpfAssumptions.assumeRootAndBtf();
    }

    /**
     * Two containers send from CPU 0: the first takes the slot there, the second counts in the overflow hash. Both
     * variants of the network object: claims with a compare-and-swap, and with a plain store (kernels without BPF
     * atomics).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cgroup_skb", "cgroup_skb without BPF atomics"})
    void shouldCountTwoContainersThatShareTheOnlySlotExactly(final String variant) throws Exception {
        final ProbeSpec net = new ProbeSpec(ProbeSpec.NET.family(), ProbeSpec.NET.object(), ProbeSpec.NET.statsMap(),
            ProbeSpec.NET.slotsMap(), null, ProbeSpec.NET.variants().stream().filter(v -> v.name().equals(variant))
                .toList(), ProbeSpec.NET.metrics());
        try (FakeContainers fake = new FakeContainers(scratch);
             EbpfCollector collector = collector(fake, 1, net);
             Arena arena = Arena.ofConfined()) {
            final var a = fake.create("a", "docker-" + FakeContainers.randomId() + ".scope");
            final var b = fake.create("b", "docker-" + FakeContainers.randomId() + ".scope");
            collector.discoverNow();
            collector.sampleNow();
            send(fake, a, 0, 400);
            send(fake, b, 0, 300);
            collector.sampleNow();

            assertSent(collector, a, 400);
            assertSent(collector, b, 300);
            assertThat(owners(collector, arena)[0]).isEqualTo(a.cgroupId());
            assertThat(inOverflow(collector, b, arena)).isTrue();
            assertThat(inOverflow(collector, a, arena)).isFalse();
        }
    }

    /**
     * A container that held the slot goes away: its final round frees the slot, and the next container that takes
     * it starts from zero, its counts not mixed with the old owner's.
     */
    @Test
    void shouldFreeTheSlotOfAVanishedContainerForTheNextWithoutItsCounts() throws Exception {
        try (FakeContainers fake = new FakeContainers(scratch);
             EbpfCollector collector = collector(fake);
             Arena arena = Arena.ofConfined()) {
            final var a = fake.create("a", "docker-" + FakeContainers.randomId() + ".scope");
            collector.discoverNow();
            collector.sampleNow();
            send(fake, a, 0, 400);
            collector.sampleNow();
            assertSent(collector, a, 400);
            assertThat(owners(collector, arena)[0]).isEqualTo(a.cgroupId());

            fake.remove(a);
            collector.discoverNow();
            collector.sampleNow(); // the final round of a, then its slot is freed
            assertThat(owners(collector, arena)).containsOnly(0L);

            final var c = fake.create("c", "docker-" + FakeContainers.randomId() + ".scope");
            collector.discoverNow();
            collector.sampleNow();
            send(fake, c, 0, 300);
            collector.sampleNow();
            assertSent(collector, c, 300);
            assertThat(owners(collector, arena)[0]).isEqualTo(c.cgroupId());
            assertThat(inOverflow(collector, c, arena)).isFalse();
        }
    }

    /**
     * The slot is held by one container on CPU 0 and another on CPU 1. When the first goes away the slot stays (it
     * cannot be cleared for one CPU without risking the live owner's counts), so a third container sending from
     * CPU 0 counts in the overflow; all stay exact, and the slot is freed when the second owner goes away too.
     */
    @Test
    void shouldKeepASlotWhileAnotherCpusOwnerLivesAndFreeItAfterwards() throws Exception {
        assumeTrue(BpfObject.possibleCpus() >= 2 && Runtime.getRuntime().availableProcessors() >= 2,
            "needs two CPUs");
        try (FakeContainers fake = new FakeContainers(scratch);
             EbpfCollector collector = collector(fake);
             Arena arena = Arena.ofConfined()) {
            final var a = fake.create("a", "docker-" + FakeContainers.randomId() + ".scope");
            final var b = fake.create("b", "docker-" + FakeContainers.randomId() + ".scope");
            collector.discoverNow();
            collector.sampleNow();
            final long idA = a.cgroupId();
            final long idB = b.cgroupId();
            send(fake, a, 0, 200);
            send(fake, b, 1, 200);
            collector.sampleNow();
            assertThat(owners(collector, arena)).startsWith(idA, idB);

            fake.remove(a);
            collector.discoverNow();
            collector.sampleNow();
            assertThat(owners(collector, arena)).startsWith(idA, idB);

            final var c = fake.create("c", "docker-" + FakeContainers.randomId() + ".scope");
            collector.discoverNow();
            collector.sampleNow();
            send(fake, c, 0, 300);
            send(fake, b, 1, 100);
            collector.sampleNow();
            assertSent(collector, c, 300);
            assertSent(collector, b, 300);
            assertThat(inOverflow(collector, c, arena)).isTrue();

            fake.remove(b);
            collector.discoverNow();
            collector.sampleNow();
            assertThat(owners(collector, arena)).containsOnly(0L);
            assertSent(collector, c, 300);
        }
    }

    /**
     * With 1024 slots a container's counts land in the slot its id hashes to (the first candidate: the array is
     * nearly empty), {@code (id * 0x9E3779B97F4A7C15 >>> 40) & 1023}, which is where user space frees it after the
     * container's final round: the hash of the program and the one of the reader agree.
     */
    @Test
    void shouldPutAContainerInTheSlotItsIdHashesToAndFreeThatSlot() throws Exception {
        final int slots = 1024;
        try (FakeContainers fake = new FakeContainers(scratch);
             EbpfCollector collector = collector(fake, slots, ProbeSpec.NET);
             Arena arena = Arena.ofConfined()) {
            final var a = fake.create("a", "docker-" + FakeContainers.randomId() + ".scope");
            final long id = a.cgroupId();
            final int slot = (int) (((id * 0x9E3779B97F4A7C15L) >>> 40) & (slots - 1));
            collector.discoverNow();
            collector.sampleNow();
            send(fake, a, 0, 200);
            collector.sampleNow();
            assertSent(collector, a, 200);
            assertThat(owners(collector, arena, slot)[0]).isEqualTo(id);

            fake.remove(a);
            collector.discoverNow();
            collector.sampleNow();
            assertThat(owners(collector, arena, slot)).doesNotContain(id);
        }
    }

    private static EbpfCollector collector(final FakeContainers fake) {
        return collector(fake, 1, ProbeSpec.NET);
    }

    private static EbpfCollector collector(final FakeContainers fake, final int slots, final ProbeSpec net) {
        final EbpfCollector collector = new EbpfCollector(new CollectorConfig().scope(fake.parent).maxCgroups(256)
            .counterSlots(slots), new RecordingSink(), null, List.of(net));
        collector.open();
        assertThat(collector.stats().failures()).isEmpty();
        assertThat(collector.stats().programsAttached()).hasSize(2)
            .allSatisfy(p -> assertThat(net.variants().getFirst().programs())
                .anySatisfy(name -> assertThat(p).startsWith(name + " ")));
        return collector;
    }

    /** Sends k datagrams of {@link #SIZE} bytes from a container, pinned to a CPU, to a receiver in the root. */
    private void send(final FakeContainers fake, final FakeContainers.Container from, final int cpu, final int k)
        throws Exception {
        final Path portFile = Files.createTempFile(scratch, "udp", ".port");
        Files.delete(portFile);
        final Process receiver = fake.workloadInRoot("udp-recv", portFile.toString(), Integer.toString(k));
        for (int i = 0; i < 400 && !Files.exists(portFile); i++) {
            Thread.sleep(25);
        }
        final String port = Files.readString(portFile).trim();
        assertThat(FakeContainers.await(fake.workloadOnCpu(cpu, from, "udp-send", port, Integer.toString(k),
            Integer.toString(SIZE)), 60)).isZero();
        assertThat(FakeContainers.await(receiver, 60)).isZero();
        assertThat(new String(receiver.getInputStream().readAllBytes()).trim()).isEqualTo(Integer.toString(k));
    }

    private static void assertSent(final EbpfCollector collector, final FakeContainers.Container c, final long k) {
        assertThat(collector.total(c.cgroupId(), CgroupState.NET_TX_PACKETS)).isEqualTo(k);
        assertThat(collector.total(c.cgroupId(), CgroupState.NET_TX_BYTES)).isEqualTo(k * (SIZE + 28));
    }

    /** {@return the cgroup id that owns the only slot on each CPU, 0 for none} */
    private static long[] owners(final EbpfCollector collector, final Arena arena) {
        return owners(collector, arena, 0);
    }

    /** {@return the cgroup id that owns a slot on each CPU, 0 for none} */
    private static long[] owners(final EbpfCollector collector, final Arena arena, final int slot) {
        final BpfMap slots = collector.programs().slotsMap(ProbeSpec.NET);
        final MemorySegment value = arena.allocate(slots.valueStride(), 8);
        slots.lookupAt(slot, value);
        final int copy = (int) MapLayouts.NET_SLOT.byteSize();
        final long[] owners = new long[slots.valueStride() / copy];
        for (int c = 0; c < owners.length; c++) {
            owners[c] = value.get(ValueLayout.JAVA_LONG, (long) c * copy + MapLayouts.SLOT_CGROUP_ID_OFFSET);
        }
        return owners;
    }

    private static boolean inOverflow(final EbpfCollector collector, final FakeContainers.Container c,
                                      final Arena arena) {
        final BpfMap overflow = collector.programs().netMap();
        return overflow.lookup(c.cgroupId(), arena.allocate(overflow.valueStride(), 8));
    }
}
