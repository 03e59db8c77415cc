// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * N empty docker-named cgroups under a unique parent, in the v2 tree and the v1 memory/cpuacct/cpu/blkio trees (a
 * hybrid host), for the collector benchmarks (root only). Removed on close.
 */
final class FakeCgroups implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    final Path v2Parent;
    private final List<Path> parents = new ArrayList<>();

    FakeCgroups(final int count) throws IOException {
        final boolean pureV2 = Files.exists(ROOT.resolve("cgroup.controllers"));
        final String name = "ztsdb-bench-" + UUID.randomUUID();
        v2Parent = Files.createDirectory((pureV2 ? ROOT : ROOT.resolve("unified")).resolve(name));
        parents.add(v2Parent);
        if (!pureV2) {
            for (final String controller : List.of("memory", "cpuacct", "cpu", "blkio")) {
                if (Files.isDirectory(ROOT.resolve(controller))) {
                    parents.add(Files.createDirectory(ROOT.resolve(controller).resolve(name)));
                }
            }
        }
        final Random random = new Random(42);
        final byte[] id = new byte[32];
        for (int i = 0; i < count; i++) {
            random.nextBytes(id);
            final String scope = "docker-" + HexFormat.of().formatHex(id) + ".scope";
            for (final Path parent : parents) {
                Files.createDirectory(parent.resolve(scope));
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (final Path parent : parents) {
            try (Stream<Path> dirs = Files.walk(parent, 1)) {
                for (final Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
    }
}
