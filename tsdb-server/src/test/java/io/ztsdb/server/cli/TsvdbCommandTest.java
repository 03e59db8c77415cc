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
    void shouldExitWithUsageCodeOnBadHeadMemory() {
        for (final String bad : new String[] {"lots", "64x", "-1m", "512k", "", "99999999999999999g"}) {
            final Outcome outcome = run("serve", "--head-memory", bad, "--data-dir", tempDir.toString());
            assertThat(outcome.exitCode()).as(bad).isEqualTo(2);
            assertThat(outcome.err()).as(bad).contains("--head-memory must be");
            assertThat(outcome.err().strip().lines()).as(bad).hasSize(1);
        }
    }

    @Test
    void shouldPassHeadMemoryToTheEngine() {
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--head-memory", "1g");
        assertThat(serve.config().tsdbConfig().headMemoryLimitBytes()).isEqualTo(1L << 30);
        new CommandLine(serve).parseArgs("--head-memory", "96MiB");
        assertThat(serve.config().tsdbConfig().headMemoryLimitBytes()).isEqualTo(96L << 20);
        new CommandLine(serve).parseArgs("--head-memory", "2097152");
        assertThat(serve.config().tsdbConfig().headMemoryLimitBytes()).isEqualTo(2L << 20);
        new CommandLine(serve).parseArgs();
        assertThat(serve.config().tsdbConfig().headMemoryLimitBytes()).isEqualTo(64L << 20);
        final CollectCommand collect = new CollectCommand();
        new CommandLine(collect).parseArgs("--head-memory", "32M");
        assertThat(collect.serverConfig().tsdbConfig().headMemoryLimitBytes()).isEqualTo(32L << 20);
    }

    @Test
    void shouldPassRetentionAndWalSyncToTheEngine() {
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--retention", "15d", "--wal-sync", "interval=100");
        assertThat(serve.config().tsdbConfig().retentionMillis()).isEqualTo(15 * 86_400_000L);
        assertThat(serve.config().tsdbConfig().walSync()).hasToString("interval=100");
        new CommandLine(serve).parseArgs();
        assertThat(serve.config().tsdbConfig().retentionMillis()).isZero();
    }

    @Test
    void shouldExitWithUsageCodeOnBadRetentionOrWalSync() {
        for (final String[] bad : new String[][] {{"--retention", "100"}, {"--retention", "soon"},
            {"--wal-sync", "sometimes"}}) {
            final Outcome outcome = run("serve", bad[0], bad[1], "--data-dir", tempDir.toString());
            assertThat(outcome.exitCode()).as(bad[1]).isEqualTo(2);
            assertThat(outcome.err()).as(bad[1]).contains(bad[0] + " must be").contains(bad[1]);
            assertThat(outcome.err().strip().lines()).as(bad[1]).hasSize(1);
        }
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
