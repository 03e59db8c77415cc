// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the cgroup hierarchies are under a cgroup root (usually {@code /sys/fs/cgroup}): the cgroup v2 mount
 * (the root itself on pure v2 hosts, {@code unified/} on hybrid hosts) and the v1 controller mounts used by the
 * cgroupfs readings (memory, cpuacct, cpu, blkio) when those controllers are bound to v1.
 *
 * @param root    the cgroup root given by the user.
 * @param v2      the cgroup v2 mount.
 * @param memory  the v1 memory mount, or null when memory is on v2 (or absent).
 * @param cpuacct the v1 cpuacct mount, or null.
 * @param cpu     the v1 cpu mount (CFS quota and throttling), or null when cpu is on v2 (or absent).
 * @param blkio   the v1 blkio mount, or null.
 * @param v2Controllers the controllers enabled on the v2 root ({@code cgroup.controllers}).
 */
public record CgroupLayout(Path root, Path v2, Path memory, Path cpuacct, Path cpu, Path blkio,
                           List<String> v2Controllers) {
    private static final String CONTROLLERS_FILE = "cgroup.controllers";

    /**
     * Detects the layout below a cgroup root.
     *
     * @param root e.g. {@code /sys/fs/cgroup}.
     * @return the layout.
     * @throws IllegalArgumentException when no cgroup v2 hierarchy is found under the root.
     */
    public static CgroupLayout detect(final Path root) {
        final Path v2;
        if (Files.exists(root.resolve(CONTROLLERS_FILE))) {
            v2 = root;
        } else if (Files.exists(root.resolve("unified").resolve(CONTROLLERS_FILE))) {
            v2 = root.resolve("unified");
        } else {
            throw new IllegalArgumentException("no cgroup v2 hierarchy under " + root
                + " (neither " + root.resolve(CONTROLLERS_FILE) + " nor unified/" + CONTROLLERS_FILE
                + "): mount cgroup2 (mount -t cgroup2 none " + root + "/unified) or pass --cgroup-root");
        }
        List<String> controllers;
        try {
            controllers = List.of(Files.readString(v2.resolve(CONTROLLERS_FILE)).trim().split("\\s+"));
        } catch (final java.io.IOException e) {
            controllers = List.of();
        }
        final boolean memoryOnV2 = controllers.contains("memory");
        final boolean ioOnV2 = controllers.contains("io");
        final boolean cpuOnV2 = controllers.contains("cpu");
        return new CgroupLayout(root, v2,
            memoryOnV2 ? null : v1(root, "memory"),
            v1(root, "cpuacct", "cpu,cpuacct", "cpuacct,cpu"),
            cpuOnV2 ? null : v1(root, "cpu", "cpu,cpuacct", "cpuacct,cpu"),
            ioOnV2 ? null : v1(root, "blkio"),
            controllers);
    }

    /**
     * One mounted hierarchy taken as the only tree, with the given controllers on it: no v1 trees are joined.
     * With {@code io} among them, block I/O is attributed by the bio's blkcg, whose ids are this hierarchy's.
     *
     * @param mount       the hierarchy's mount, e.g. a cgroup v2 mount, or a v1 blkio mount to test the blkcg path.
     * @param controllers the controllers taken as enabled on it.
     * @return the layout.
     */
    public static CgroupLayout singleTree(final Path mount, final List<String> controllers) {
        return new CgroupLayout(mount, mount, null, null, null, null, List.copyOf(controllers));
    }

    /**
     * @return true when the io controller is on cgroup v2, so that a bio's blkcg is a v2 cgroup.
     */
    public boolean ioOnV2() {
        return v2Controllers.contains("io");
    }

    /**
     * @return true when the cpu controller is on cgroup v2 (its {@code cpu.stat} has the throttling counters).
     */
    public boolean cpuOnV2() {
        return v2Controllers.contains("cpu");
    }

    /**
     * @return true when the memory controller is on cgroup v2 ({@code memory.current} exists).
     */
    public boolean memoryOnV2() {
        return v2Controllers.contains("memory");
    }

    private static Path v1(final Path root, final String... names) {
        for (final String name : names) {
            final Path candidate = root.resolve(name);
            if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("cgroup.procs"))) {
                return candidate;
            }
        }
        return null;
    }
}
