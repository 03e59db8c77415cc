// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import io.ztsdb.ebpf.cgroup.CgroupLayout;
import io.ztsdb.ebpf.layout.MapLayouts;
import io.ztsdb.ebpf.libbpf.BpfLink;
import io.ztsdb.ebpf.libbpf.BpfMap;
import io.ztsdb.ebpf.libbpf.BpfObject;
import io.ztsdb.ebpf.libbpf.BpfProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collector's three BPF objects (net, cpu, io), each loaded and attached on its own so that one the kernel
 * cannot run does not take the others down. The cpu and io objects hold tp_btf and raw_tp variants of the same
 * program, non-autoload; the first variant that loads and attaches wins.
 */
final class ProgramSet implements AutoCloseable {
    static final String NET_OBJECT = "container_net.bpf.o";
    static final String CPU_OBJECT = "container_cpu.bpf.o";
    static final String IO_OBJECT = "container_io.bpf.o";
    /**
     * Maps of an object that one of its variants does not use: not created for it, so that the raw_tp fallback
     * still loads on kernels without task local storage (5.11+).
     */
    private static final Map<String, List<String>> MAPS_UNUSED_BY_VARIANT = Map.of(
        "ztsdb_cpu_btf", List.of("cpu_last_switch"),
        "ztsdb_cpu_raw", List.of("cpu_task_charged"));
    private static final System.Logger LOGGER = System.getLogger("io.ztsdb.ebpf");
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;
    private static final int CAP_BPF = 39;

    private final List<BpfObject> objects = new ArrayList<>();
    private final List<BpfLink> links = new ArrayList<>();
    private final List<String> attached = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private BpfMap net;
    private BpfMap cpu;
    private BpfMap io;

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
     * Loads and attaches what the kernel supports.
     *
     * @param layout     the cgroup hierarchies (the v2 mount is the cgroup_skb attach point).
     * @param maxCgroups map capacity.
     * @param loadCpu    whether to load the sched_switch program (only needed when CPU comes from BPF: it runs on
     *                   every context switch of the host).
     * @return the set; {@link #failures()} says what did not load.
     */
    static ProgramSet load(final CgroupLayout layout, final int maxCgroups, final boolean loadCpu) {
        final ProgramSet set = new ProgramSet();
        try {
            set.loadNet(layout.v2(), maxCgroups);
        } catch (final EbpfException e) {
            set.failures.add("network (" + NET_OBJECT + "): " + e.getMessage());
        }
        if (loadCpu) {
            set.cpu = set.loadVariants(CPU_OBJECT, "cpu_stats", maxCgroups, -1, "ztsdb_cpu_btf", "ztsdb_cpu_raw");
        }
        set.io = set.loadVariants(IO_OBJECT, "io_stats", maxCgroups,
            layout.ioOnV2() ? MapLayouts.IO_ATTRIBUTE_BLKCG : MapLayouts.IO_ATTRIBUTE_CURRENT,
            "ztsdb_io_btf", "ztsdb_io_raw");
        return set;
    }

    private void loadNet(final Path cgroupV2Root, final int maxCgroups) {
        final BpfObject object = BpfObject.openResource(NET_OBJECT);
        final List<BpfLink> own = new ArrayList<>();
        try {
            object.map("net_stats").maxEntries(maxCgroups);
            object.load();
            for (final String name : List.of("ztsdb_net_ingress", "ztsdb_net_egress")) {
                own.add(object.program(name).attachCgroup(cgroupV2Root));
            }
        } catch (final RuntimeException e) {
            own.forEach(BpfLink::close);
            object.close();
            throw e;
        }
        links.addAll(own);
        own.forEach(link -> attached.add(link.description()));
        objects.add(object);
        net = object.map("net_stats");
    }

    private BpfMap loadVariants(final String objectName, final String mapName, final int maxCgroups,
                                final int ioMode, final String... variants) {
        final StringBuilder reasons = new StringBuilder();
        for (final String variant : variants) {
            BpfObject object = null;
            try {
                object = BpfObject.openResource(objectName);
                object.map(mapName).maxEntries(maxCgroups);
                object.program(variant).autoload(true);
                for (final String unused : MAPS_UNUSED_BY_VARIANT.getOrDefault(variant, List.of())) {
                    object.map(unused).autocreate(false);
                }
                object.load();
                if (ioMode >= 0) {
                    writeIoMode(object.map("io_config"), ioMode);
                }
                final BpfProgram program = object.program(variant);
                links.add(program.attach()); // the last step: nothing can fail after it
                attached.add(variant);
                objects.add(object);
                return object.map(mapName);
            } catch (final EbpfException e) {
                LOGGER.log(System.Logger.Level.DEBUG, () -> "BPF variant " + variant + " unavailable: " + e.getMessage());
                reasons.append("\n  ").append(variant).append(": ").append(e.getMessage());
                if (object != null) {
                    object.close();
                }
            }
        }
        failures.add(objectName + ": no variant loaded" + reasons);
        return null;
    }

    private static void writeIoMode(final BpfMap config, final int mode) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
            final MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, mode);
            config.update(key, value);
        }
    }

    BpfMap netMap() {
        return net;
    }

    BpfMap cpuMap() {
        return cpu;
    }

    BpfMap ioMap() {
        return io;
    }

    /**
     * @return descriptions of the attached programs.
     */
    List<String> attached() {
        return List.copyOf(attached);
    }

    /**
     * @return what did not load, with the reasons.
     */
    List<String> failures() {
        return List.copyOf(failures);
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
