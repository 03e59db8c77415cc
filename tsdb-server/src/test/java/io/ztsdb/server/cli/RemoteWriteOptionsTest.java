// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.remotewrite.RemoteWriteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The remote-write options of {@code serve} and {@code collect}: documented in the help, bad values exit 2. */
class RemoteWriteOptionsTest {
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
        return new Outcome(cli.execute(args), out.toString(), err.toString());
    }

    @Test
    void shouldDocumentTheOptionsInTheHelpOfServeAndCollect() {
        for (final String command : new String[] {"serve", "collect"}) {
            final Outcome outcome = run(command, "--help");
            assertThat(outcome.exitCode()).isZero();
            assertThat(outcome.out()).contains("--remote-write-url=URL", "--remote-write-header=NAME=VALUE",
                "--remote-write-max-lag=DURATION", "default: 1h", "--remote-write-max-queue=SIZE",
                "--remote-write-shards=N", "--remote-write-max-samples=N", "--remote-write-deadline=DURATION");
        }
    }

    @Test
    void shouldExitWithUsageCodeOnBadRemoteWriteValues() {
        final String url = "http://127.0.0.1:1/api/v1/write";
        final String[][] cases = {
            {"--remote-write-url", "ftp://host/x", "--remote-write-url must be an http"},
            {"--remote-write-url", "http://", "--remote-write-url must be an http"},
            {"--remote-write-url", "http://bad host/", "--remote-write-url must be an http"},
            {"--remote-write-header", "X-Team=a", "--remote-write-header needs --remote-write-url"},
            {"--remote-write-url", url, "--remote-write-header", "NoEquals",
                "--remote-write-header must be NAME=VALUE"},
            {"--remote-write-url", url, "--remote-write-header", "Bad Name=x", "--remote-write-header must be"},
            {"--remote-write-url", url, "--remote-write-max-lag", "0", "--remote-write-max-lag must be positive"},
            {"--remote-write-url", url, "--remote-write-max-lag", "soon", "--remote-write-max-lag"},
            {"--remote-write-url", url, "--remote-write-max-queue", "0", "--remote-write-max-queue must be positive"},
            {"--remote-write-url", url, "--remote-write-max-queue", "lots", "--remote-write-max-queue"},
            {"--remote-write-url", url, "--remote-write-shards", "0", "--remote-write-shards must be 1 to 64"},
            {"--remote-write-url", url, "--remote-write-shards", "65", "--remote-write-shards must be 1 to 64"},
            {"--remote-write-url", url, "--remote-write-max-samples", "0", "--remote-write-max-samples must be"},
            {"--remote-write-url", url, "--remote-write-deadline", "0", "--remote-write-deadline must be positive"},
        };
        for (final String command : new String[] {"serve", "collect"}) {
            for (final String[] bad : cases) {
                final String[] args = new String[bad.length + 4];
                args[0] = command;
                System.arraycopy(bad, 0, args, 1, bad.length - 1);
                args[bad.length] = "--data-dir";
                args[bad.length + 1] = tempDir.toString();
                args[bad.length + 2] = "--port";
                args[bad.length + 3] = "0";
                final String what = command + " " + String.join(" ", bad);
                final Outcome outcome = run(args);
                assertThat(outcome.exitCode()).as(what).isEqualTo(2);
                assertThat(outcome.err()).as(what).contains(bad[bad.length - 1]);
                assertThat(outcome.err().strip().lines()).as(what).hasSize(1);
            }
        }
    }

    @Test
    void shouldTurnTheOptionsIntoTheSenderSettings() {
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--remote-write-url", "https://mimir.example/api/v1/push",
            "--remote-write-header", "X-Scope-OrgID=team-a", "--remote-write-header", "Authorization=Bearer a=b",
            "--remote-write-max-lag", "2h", "--remote-write-max-queue", "1g", "--remote-write-shards", "8",
            "--remote-write-max-samples", "2000", "--remote-write-deadline", "5s");
        final RemoteWriteConfig config = serve.remoteWrite.config();
        assertThat(config.url()).hasToString("https://mimir.example/api/v1/push");
        assertThat(config.headers()).containsExactly(Map.entry("X-Scope-OrgID", "team-a"),
            Map.entry("Authorization", "Bearer a=b"));
        assertThat(config.maxLagMillis()).isEqualTo(7_200_000);
        assertThat(config.maxQueueBytes()).isEqualTo(1L << 30);
        assertThat(config.shards()).isEqualTo(8);
        assertThat(config.maxSamplesPerRequest()).isEqualTo(2000);
        assertThat(config.batchDeadlineMillis()).isEqualTo(5000);

        final ServeCommand defaults = new ServeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.remoteWrite.sender()).isEmpty();
    }
}
