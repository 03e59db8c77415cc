// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces created by a test, joined by a veth pair: {@code a} has {@link #ADDRESS_A}, {@code b}
 * has {@link #ADDRESS_B}. Only these namespaces are touched; closing deletes them (and the veth pair with them).
 */
final class VethPair implements AutoCloseable {
    static final String ADDRESS_A = "10.213.0.1";
    static final String ADDRESS_B = "10.213.0.2";
    final String a;
    final String b;
    final String deviceA;
    final String deviceB;
    private final List<String> created = new ArrayList<>();

    VethPair() throws IOException, InterruptedException {
        final String tag = UUID.randomUUID().toString().substring(0, 8);
        a = "ztsdb-" + tag + "-a";
        b = "ztsdb-" + tag + "-b";
        deviceA = "zt" + tag + "a"; // interface names: at most 15 characters
        deviceB = "zt" + tag + "b";
        try {
            for (final String ns : List.of(a, b)) {
                ip("netns", "add", ns);
                created.add(ns);
                ip("-n", ns, "link", "set", "lo", "up");
            }
            ip("link", "add", deviceA, "netns", a, "type", "veth", "peer", "name", deviceB, "netns", b);
            ip("-n", a, "addr", "add", ADDRESS_A + "/30", "dev", deviceA);
            ip("-n", b, "addr", "add", ADDRESS_B + "/30", "dev", deviceB);
            ip("-n", a, "link", "set", deviceA, "up");
            ip("-n", b, "link", "set", deviceB, "up");
        } catch (final IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Attaches a tc (clsact) BPF program to the ingress of namespace b's device. */
    void dropOnIngressOfB(final String objectFile, final String section) throws IOException, InterruptedException {
        run("tc", "-n", b, "qdisc", "add", "dev", deviceB, "clsact");
        run("tc", "-n", b, "filter", "add", "dev", deviceB, "ingress", "bpf", "direct-action", "obj", objectFile,
            "sec", section);
    }

    private static void ip(final String... args) throws IOException, InterruptedException {
        final String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        run(command);
    }

    static void run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (final String ns : created) {
            try {
                run("ip", "netns", "del", ns);
            } catch (final IOException e) {
                failure = failure == null ? e : failure;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
