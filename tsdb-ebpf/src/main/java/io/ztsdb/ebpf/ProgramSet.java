// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfLink;
import io.ztsdb.ebpf.libbpf.BpfMap;
import io.ztsdb.ebpf.libbpf.BpfObject;
import io.ztsdb.ebpf.libbpf.BpfProgram;
import io.ztsdb.ebpf.sampler.EventMap;
import io.ztsdb.ebpf.sampler.SamplerMaps;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The collector's BPF objects ({@link ProbeSpec}), each loaded and attached on its own so that one the kernel
 * cannot run does not take the others down: its metrics are skipped, with one line in {@link #failures()}. Objects
 * with tracing programs hold tp_btf and raw_tp variants, non-autoload; the first variant that loads and attaches
 * wins.
 */
final class ProgramSet implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger("io.ztsdb.ebpf");
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private final List<BpfObject> objects = new ArrayList<>();
    private final List<BpfLink> links = new ArrayList<>();
    private final List<String> attached = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> missingMetrics = new ArrayList<>();
    private final Map<String, BpfMap> maps = new HashMap<>(); // by family
    private final Map<String, BpfMap> updates = new HashMap<>(); // by family
    private final Map<String, BpfMap> slotMaps = new HashMap<>(); // by family

    /**
     * Checks that the build put the BPF objects into the jar.
     *
     * @throws EbpfException naming what the build lacked, when it skipped them.
     */
    static void checkBuiltIn() {
        final String missing = BpfObject.missingToolchain();
        if (missing != null) {
            throw new EbpfException("this build has no BPF programs: the machine that built it lacked " + missing
                + "; install clang, llvm, bpftool and libbpf-dev (as root: scripts/ensure-toolchain.sh) and rebuild, "
                + "or use --no-ebpf for cgroupfs-only metrics");
        }
    }

    /**
     * Checks what every load needs before trying: privileges and kernel BTF.
     *
     * @throws EbpfException naming the missing piece and the fix.
     */
    static void checkPrerequisites() {
        if (!hasBpfPrivileges()) {
            throw new EbpfException("eBPF needs root or CAP_BPF+CAP_PERFMON (and CAP_NET_ADMIN for the network "
                + "counters): run as root, or use --no-ebpf for cgroupfs-only metrics");
        }
        if (!Files.isReadable(VMLINUX_BTF)) {
            throw new EbpfException("no kernel BTF (" + VMLINUX_BTF + " missing): eBPF needs Linux 5.8+ built with "
                + "CONFIG_DEBUG_INFO_BTF=y; use --no-ebpf for cgroupfs-only metrics");
        }
    }

    /**
     * @return true when the effective capabilities hold CAP_SYS_ADMIN, or CAP_BPF and CAP_PERFMON.
     */
    static boolean hasBpfPrivileges() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    final long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    final boolean admin = (caps & (1L << CAP_SYS_ADMIN)) != 0;
                    final boolean bpf = (caps & (1L << CAP_BPF)) != 0 && (caps & (1L << CAP_PERFMON)) != 0;
                    return admin || bpf;
                }
            }
        } catch (final java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * The objects a config asks for: network, block I/O and OOM kills always, run-queue latency, TCP retransmits and
     * drops unless disabled, the sched_switch CPU counter only when CPU comes from BPF (it runs on every context
     * switch).
     */
    static List<ProbeSpec> specsFor(final CollectorConfig config) {
        final List<ProbeSpec> specs = new ArrayList<>(List.of(ProbeSpec.NET, ProbeSpec.IO));
        if (config.cpuFromEbpf()) {
            specs.add(ProbeSpec.CPU);
        }
        if (config.runqueueLatency()) {
            specs.add(ProbeSpec.RUNQUEUE);
        }
        if (config.tcpRetransmits()) {
            specs.add(ProbeSpec.TCP);
        }
        if (config.netDrops()) {
            specs.add(ProbeSpec.DROP);
        }
        specs.add(ProbeSpec.OOM);
        return specs;
    }

    /**
     * Loads and attaches what the kernel supports.
     *
     * @param layout     the cgroup hierarchies (the v2 mount is the cgroup_skb attach point; the io controller's
     *                   place decides the block I/O attribution).
     * @param maxCgroups map capacity.
     * @param slots      counter slots of the objects that have them (a power of two).
     * @param specs      the objects to load.
     * @return the set; {@link #failures()} says what did not load.
     */
    static ProgramSet load(final CgroupLayout layout, final int maxCgroups, final int slots,
                           final List<ProbeSpec> specs) {
        final ProgramSet set = new ProgramSet();
        for (final ProbeSpec spec : specs) {
            set.load(spec, layout, maxCgroups, slots);
        }
        return set;
    }

    private void load(final ProbeSpec spec, final CgroupLayout layout, final int maxCgroups, final int slots) {
        final List<String> reasons = new ArrayList<>();
        for (final ProbeSpec.Variant variant : spec.variants()) {
            BpfObject object = null;
            final List<BpfLink> own = new ArrayList<>();
            try {
                object = BpfObject.openResource(spec.object());
                object.map(spec.statsMap()).maxEntries(maxCgroups);
                if (spec.slotsMap() != null) {
                    object.map(spec.slotsMap()).maxEntries(slots);
                    object.map(ProbeSpec.SLOT_MASK_SECTION).initialValue(slots - 1);
                }
                for (final BpfProgram program : object.programs()) { // some load by default: only this variant's
                    program.autoload(variant.programs().contains(program.name()));
                }
                for (final String unused : variant.unusedMaps()) {
                    object.map(unused).autocreate(false);
                }
                object.load();
                if (spec == ProbeSpec.IO) {
                    writeIoMode(object.map("io_config"),
                        layout.ioOnV2() ? MapLayouts.IO_ATTRIBUTE_BLKCG : MapLayouts.IO_ATTRIBUTE_CURRENT);
                }
                for (final String name : variant.programs()) {
                    final BpfProgram program = object.program(name);
                    own.add(variant.cgroup() ? program.attachCgroup(layout.v2()) : program.attach());
                }
            } catch (final EbpfException e) {
                LOGGER.log(System.Logger.Level.DEBUG, () -> spec.object() + " variant " + variant.name()
                    + " unavailable: " + e.getMessage());
                reasons.add(variant.name() + ": " + e.getMessage().lines().findFirst().orElse(""));
                own.forEach(BpfLink::close);
                if (object != null) {
                    object.close();
                }
                continue;
            }
            links.addAll(own);
            own.forEach(link -> attached.add(link.description()));
            objects.add(object);
            maps.put(spec.family(), object.map(spec.statsMap()));
            if (spec.slotsMap() != null) {
                slotMaps.put(spec.family(), object.map(spec.slotsMap()));
            }
            if (spec.updatesMap() != null) {
                updates.put(spec.family(), object.map(spec.updatesMap()));
            }
            return;
        }
        failures.add(spec.family() + " (" + spec.object() + ") not loaded"
            + (spec.metrics().isEmpty() ? "" : ", skipping " + String.join(", ", spec.metrics())) + ": "
            + String.join("; ", reasons));
        missingMetrics.addAll(spec.metrics());
    }

    private static void writeIoMode(final BpfMap config, final int mode) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            final MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, mode);
            config.update(key, value);
        }
    }

    /**
     * @param spec an object (or another variant set of the same family).
     * @return its stats map, or null when it did not load.
     */
    BpfMap map(final ProbeSpec spec) {
        return maps.get(spec.family());
    }

    /**
     * @return the maps for the sampler.
     */
    SamplerMaps samplerMaps() {
        return new SamplerMaps(map(ProbeSpec.NET), map(ProbeSpec.CPU), map(ProbeSpec.IO), map(ProbeSpec.RUNQUEUE),
            events(ProbeSpec.TCP), events(ProbeSpec.DROP), events(ProbeSpec.OOM), slotMaps.get(ProbeSpec.NET.family()),
            slotMaps.get(ProbeSpec.RUNQUEUE.family()));
    }

    private EventMap events(final ProbeSpec spec) {
        final BpfMap stats = map(spec);
        return stats == null ? null : new EventMap(stats, updates.get(spec.family()));
    }

    BpfMap netMap() {
        return map(ProbeSpec.NET);
    }

    /**
     * @param spec an object with counter slots.
     * @return its slots map, or null when it did not load.
     */
    BpfMap slotsMap(final ProbeSpec spec) {
        return slotMaps.get(spec.family());
    }

    /**
     * @return descriptions of the attached programs.
     */
    List<String> attached() {
        return List.copyOf(attached);
    }

    /**
     * @return one line per object that did not load: its family, file and why each variant failed.
     */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * @return the metrics of the objects that did not load.
     */
    List<String> missingMetrics() {
        return List.copyOf(missingMetrics);
    }

    /**
     * Detaches every program, then closes the objects; collects failures with addSuppressed.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (final BpfLink link : links) {
            try {
                link.close();
            } catch (final RuntimeException e) {
                failure = add(failure, e);
            }
        }
        links.clear();
        for (final BpfObject object : objects) {
            try {
                object.close();
            } catch (final RuntimeException e) {
                failure = add(failure, e);
            }
        }
        objects.clear();
        attached.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(final RuntimeException first, final RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
