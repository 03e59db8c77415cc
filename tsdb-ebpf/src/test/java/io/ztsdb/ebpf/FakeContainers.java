// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Fake containers for privileged tests: cgroups named like the runtimes' scopes under a unique test parent in the
 * cgroup v2 tree and in the v1 memory/cpuacct/blkio trees, workloads moved into them, and a teardown that kills
 * only the processes it started and removes every cgroup it created (deepest first).
 */
final class FakeContainers implements AutoCloseable {
    static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    static final List<String> V1_CONTROLLERS = List.of("memory", "cpuacct", "blkio", "cpu");

    final Path v2Root;
    final Path parent;
    final String parentName;
    private final List<Path> parents = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path workload;

    record Container(String containerId, Path v2Dir, String relative) {
        long cgroupId() {
            try {
                return ((Number) Files.getAttribute(v2Dir, "unix:ino")).longValue();
            } catch (final IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    FakeContainers(final Path scratch) throws IOException {
        v2Root = Files.exists(CGROUP_ROOT.resolve("cgroup.controllers")) ? CGROUP_ROOT : CGROUP_ROOT.resolve("unified");
        parentName = "ztsdb-test-" + UUID.randomUUID();
        parent = Files.createDirectory(v2Root.resolve(parentName));
        parents.add(parent);
        if (!v2Root.equals(CGROUP_ROOT)) {
            for (final String controller : V1_CONTROLLERS) {
                final Path v1 = CGROUP_ROOT.resolve(controller);
                if (Files.isDirectory(v1)) {
                    parents.add(Files.createDirectory(v1.resolve(parentName)));
                }
            }
        }
        workload = scratch.resolve("workload.py");
        try (InputStream in = FakeContainers.class.getResourceAsStream("workload.py")) {
            Files.copy(in, workload, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String randomId() {
        final byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * @param relative e.g. {@code system.slice/docker-<id>.scope}, created in every tree.
     */
    Container create(final String containerId, final String relative) throws IOException {
        for (final Path p : parents) {
            Files.createDirectories(p.resolve(relative));
        }
        return new Container(containerId, parent.resolve(relative), relative);
    }

    /**
     * Gives a container's v1 cpu cgroup the highest weight, so that a busy loop keeps a whole CPU although other
     * builds share this machine (with autogroup on, nice alone does not help across sessions).
     */
    void highCpuWeight(final Container c) throws IOException {
        final Path shares = CGROUP_ROOT.resolve("cpu").resolve(parentName).resolve(c.relative()).resolve("cpu.shares");
        if (Files.exists(shares)) {
            for (Path p = shares.getParent(); !p.equals(CGROUP_ROOT.resolve("cpu")); p = p.getParent()) {
                Files.writeString(p.resolve("cpu.shares"), "262144");
            }
        }
    }

    /**
     * @return the container's directory in a v1 controller tree, or null on a pure cgroup v2 host.
     */
    Path v1(final String controller, final Container c) {
        final Path v1 = CGROUP_ROOT.resolve(controller).resolve(parentName).resolve(c.relative());
        return v2Root.equals(CGROUP_ROOT) || !Files.isDirectory(v1) ? null : v1;
    }

    /** Limits a container's memory (v1 memory.limit_in_bytes on hybrid hosts, else v2 memory.max). */
    void limitMemory(final Container c, final long bytes) throws IOException {
        final Path v1 = v1("memory", c);
        if (v1 != null) {
            Files.writeString(v1.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        } else {
            Files.writeString(c.v2Dir().resolve("memory.max"), Long.toString(bytes));
        }
    }

    /** Gives a container a CFS quota (v1 cpu.cfs_quota_us / cfs_period_us on hybrid hosts, else v2 cpu.max). */
    void cpuQuota(final Container c, final long quotaMicros, final long periodMicros) throws IOException {
        final Path v1 = v1("cpu", c);
        if (v1 != null) {
            Files.writeString(v1.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
            Files.writeString(v1.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros));
        } else {
            Files.writeString(c.v2Dir().resolve("cpu.max"), quotaMicros + " " + periodMicros);
        }
    }

    /** Starts the Python workload inside a container and a network namespace. */
    Process workloadIn(final String netns, final Container c, final String... args) throws IOException {
        final String[] command = new String[args.length + 4];
        command[0] = "nsenter";
        command[1] = "--net=/run/netns/" + netns;
        command[2] = python();
        command[3] = workload.toString();
        System.arraycopy(args, 0, command, 4, args.length);
        return run(c, command);
    }

    /** Starts the Python workload inside a container, pinned to one CPU. */
    Process workloadOnCpu(final int cpu, final Container c, final String... args) throws IOException {
        final String[] command = new String[args.length + 5];
        command[0] = "taskset";
        command[1] = "-c";
        command[2] = Integer.toString(cpu);
        command[3] = python();
        command[4] = workload.toString();
        System.arraycopy(args, 0, command, 5, args.length);
        return run(c, command);
    }

    /** Starts a command inside a container's cgroups (v2 and v1). */
    Process run(final Container c, final String... command) throws IOException {
        final List<Path> procs = new ArrayList<>();
        for (final Path p : parents) {
            procs.add(p.resolve(c.relative()).resolve("cgroup.procs"));
        }
        return start(procs, command);
    }

    /**
     * Starts the Python workload in the root cgroup of the v2 tree, whose sockets and tasks the programs skip: a peer
     * that counts for no cgroup and takes no counter slot.
     */
    Process workloadInRoot(final String... args) throws IOException {
        final String[] command = new String[args.length + 2];
        command[0] = python();
        command[1] = workload.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return start(List.of(v2Root.resolve("cgroup.procs")), command);
    }

    private Process start(final List<Path> procs, final String... command) throws IOException {
        final StringBuilder script = new StringBuilder();
        for (final Path p : procs) {
            script.append("echo $$ > '").append(p).append("' || exit 97; ");
        }
        script.append("exec");
        for (final String arg : command) {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        final Process process = new ProcessBuilder("bash", "-c", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        return process;
    }

    /** Starts the Python workload of the given kind inside a container. */
    Process workload(final Container c, final String... args) throws IOException {
        final String[] command = new String[args.length + 2];
        command[0] = python();
        command[1] = workload.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        return run(c, command);
    }

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static int await(final Process p, final long seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("workload did not finish in " + seconds + " s: " + p.info().commandLine());
        }
        return p.exitValue();
    }

    void remove(final Container c) throws IOException {
        for (int i = parents.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(parents.get(i).resolve(c.relative()));
        }
    }

    @Override
    public void close() throws IOException {
        for (final Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try {
            for (final Process p : processes) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException failure = null;
        for (final Path p : parents) {
            try (Stream<Path> dirs = Files.walk(p)) {
                for (final Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    removeCgroup(dir);
                }
            } catch (final IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void removeCgroup(final Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (final IOException e) { // EBUSY while an exiting task is still accounted
                if (attempt == 50) {
                    throw new IOException("cannot remove test cgroup " + dir + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(100);
                } catch (final InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while removing " + dir, ie);
                }
            }
        }
    }
}
