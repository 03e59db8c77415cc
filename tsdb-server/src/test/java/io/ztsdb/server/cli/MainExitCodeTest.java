// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real {@code Main} in a child JVM: exit codes and one-line messages as the shell sees them. */
class MainExitCodeTest {
    @TempDir
    Path dataDir;

    private record Exit(int code, String stderr) {
    }

    private static Exit runMain(final String... args) throws Exception {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "-Xmx64m", "-XX:TieredStopAtLevel=1",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", Main.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(process.exitValue(), stderr);
    }

    @Test
    void shouldExitWith2OnWrongFlag() throws Exception {
        final Exit exit = runMain("serve", "--no-such-flag");
        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr().strip().lines()).hasSize(1);
        assertThat(exit.stderr()).contains("--no-such-flag").contains("--help");
    }

    @Test
    void shouldExitWith1WhenPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Exit exit = runMain("serve", "--bind", "127.0.0.1", "--port", "" + taken.getLocalPort(),
                "--data-dir", dataDir.toString());
            assertThat(exit.code()).isEqualTo(1);
            // The error is the last line, one line (log lines of the engine's start may come before it).
            final List<String> lines = exit.stderr().strip().lines().toList();
            assertThat(lines.getLast()).startsWith("tsvdb serve: error: port " + taken.getLocalPort()
                + " is already in use");
            assertThat(lines).as(exit.stderr()).noneMatch(line -> line.startsWith("\tat ") || line.isBlank());
            assertThat(lines.subList(0, lines.size() - 1)).allMatch(line -> line.contains(" INFO "));
        }
    }
}
