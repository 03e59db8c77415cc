// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TsvdbCommandTest {
    @TempDir
    Path tempDir;

    private record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(final String... args) {
        final CommandLine cli = TsvdbCommand.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int exitCode = cli.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

    @Test
    void shouldExitWithUsageCodeOnUnknownFlag() {
        final Outcome outcome = run("serve", "--prot", "9876");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--prot").contains("tsvdb serve --help");
        assertThat(outcome.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWithUsageCodeOnBadValue() {
        final Outcome outcome = run("serve", "--port", "abc");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'--port'").contains("'abc'");
        assertThat(outcome.err().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWithUsageCodeOnPortOutOfRange() {
        final Outcome outcome = run("serve", "--port", "65536", "--data-dir", tempDir.toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--port must be a port number 0..65535");
    }

    @Test
    void shouldExitWithUsageCodeOnTooSmallMaxFrameBytes() {
        final Outcome outcome = run("serve", "--max-frame-bytes", "10", "--data-dir", tempDir.toString());
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--max-frame-bytes");
    }

    @Test
    void shouldExitWithUsageCodeWithoutCommand() {
        final Outcome outcome = run();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("missing command");
    }

    @Test
    void shouldExitWithRuntimeCodeWhenWebPortInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Outcome outcome = run("serve", "--port", "0", "--bind", "127.0.0.1",
                "--web-port", "" + taken.getLocalPort(), "--data-dir", tempDir.toString());
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.err()).contains("port " + taken.getLocalPort() + " is already in use");
            assertThat(outcome.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void shouldExitWithRuntimeCodeWhenDataDirIsAFile() throws Exception {
        final Path file = Files.createFile(tempDir.resolve("not-a-dir"));
        final Outcome outcome = run("serve", "--port", "0", "--data-dir", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("cannot open data directory").contains("--data-dir");
    }

    @Test
    void shouldPrintHelpOfEveryCommand() {
        for (final String command : new String[] {"serve", "generate"}) {
            final Outcome outcome = run(command, "--help");
            assertThat(outcome.exitCode()).as(command).isZero();
            assertThat(outcome.out()).as(command).contains("Usage: tsvdb " + command);
        }
        assertThat(run("--help").out()).contains("serve");
    }
}
