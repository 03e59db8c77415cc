// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A fake docker container: a {@code docker-<id>.scope} cgroup under a unique test parent; removed on close. */
final class TestCgroup implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    final String containerId;
    final Path dir;
    private final Path parent;
    private final List<Process> processes = new ArrayList<>();

    TestCgroup() throws IOException {
        final Path v2 = Files.exists(ROOT.resolve("cgroup.controllers")) ? ROOT : ROOT.resolve("unified");
        containerId = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        parent = Files.createDirectory(v2.resolve("ztsdb-test-" + UUID.randomUUID()));
        dir = Files.createDirectory(parent.resolve("docker-" + containerId + ".scope"));
    }

    Process run(final String... command) throws IOException {
        final StringBuilder script = new StringBuilder("echo $$ > '" + dir.resolve("cgroup.procs")
            + "' || exit 97; exec");
        for (final String arg : command) {
            script.append(" '").append(arg).append('\'');
        }
        final Process p = new ProcessBuilder("bash", "-c", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws IOException {
        for (final Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> dirs = Files.walk(parent)) {
            for (final Path d : dirs.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                for (int attempt = 0; ; attempt++) {
                    try {
                        Files.deleteIfExists(d);
                        break;
                    } catch (final IOException e) {
                        if (attempt == 50) {
                            throw e;
                        }
                        try {
                            Thread.sleep(100);
                        } catch (final InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            throw e;
                        }
                    }
                }
            }
        }
    }
}
