// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM registers series as fast as it can and prints each id once {@code register} returned (durable);
 * the test kills it with SIGKILL at an arbitrary moment, reopens the registry and checks that every
 * acknowledged series is there with its id, several rounds in a row.
 */
class RegistryCrashTest {
    private static final int ROUNDS = 3;
    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path dir;

    /**
     * Child entry point: registers {@code container.cpu.usage{container_id="<round>-<n>"}} for n = 0, 1, ...
     *
     * @param args data directory, round.
     */
    public static void main(final String[] args) {
        try (SeriesCatalog catalog = SeriesCatalog.open(Path.of(args[0]))) {
            for (int n = 0; ; n++) {
                final String name = args[1] + "-" + n;
                final long id = catalog.register("container.cpu.usage", Labels.of("container_id", name));
                System.out.println(name + " " + id);
                System.out.flush();
            }
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedRegistrationAcrossKill9() throws Exception {
        final Map<String, Long> acknowledged = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            final Process child = new ProcessBuilder(childCommand(round)).redirectErrorStream(false).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
                // Kill at a different point each round, while the child is writing.
                final int target = ACKS_BEFORE_KILL + round * 37;
                for (int i = 0; i < target; i++) {
                    final String line = out.readLine();
                    if (line == null) {
                        throw new AssertionError("child ended early: " + stderr(child));
                    }
                    final String[] parts = line.split(" ");
                    acknowledged.put(parts[0], Long.parseLong(parts[1]));
                }
                // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipes.
                child.toHandle().destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                // Lines printed between our last read and the kill are acknowledged too.
                String line;
                while ((line = out.readLine()) != null) {
                    final String[] parts = line.split(" ");
                    if (parts.length == 2) {
                        acknowledged.put(parts[0], Long.parseLong(parts[1]));
                    }
                }
            }
            try (SeriesCatalog catalog = SeriesCatalog.open(dir)) {
                for (final Map.Entry<String, Long> e : acknowledged.entrySet()) {
                    final RegisteredSeries series = catalog.find(e.getValue());
                    assertThat(series).as("round %d, series %s", round, e.getKey()).isNotNull();
                    assertThat(series.labels().get("container_id")).isEqualTo(e.getKey());
                }
                assertThat(catalog.size()).isGreaterThanOrEqualTo(acknowledged.size());
            }
        }
    }

    private List<String> childCommand(final int round) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RegistryCrashTest.class.getName());
        command.add(dir.toString());
        command.add("r" + round);
        return command;
    }

    private static String stderr(final Process child) throws InterruptedException {
        try {
            child.waitFor(10, TimeUnit.SECONDS);
            return new String(child.getErrorStream().readNBytes(4096), StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            return ex.toString();
        }
    }
}
