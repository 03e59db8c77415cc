// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.security.TokenFile;
import io.ztsdb.server.security.TokenHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The security options on the command line: help, bad values, {@code tsvdb token}, the startup warning. */
class SecurityOptionsTest {
    @TempDir
    Path dir;

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
    void shouldListEverySecurityOptionInHelp() {
        for (final String command : List.of("serve", "collect")) {
            final Outcome help = run(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--auth-file", "--tls-cert", "--tls-key", "--tls-client-ca",
                "--max-connections", "--idle-timeout", "--max-inflight-bytes", "--request-header-timeout",
                "--max-body", "--max-write-body", "--max-concurrent-queries", "--query-timeout", "--max-series",
                "--max-series-per-query");
        }
    }

    @Test
    void shouldRefuseBadValuesWithUsageExit() {
        for (final String[] args : List.of(new String[] {"--idle-timeout", "5x"},
            new String[] {"--tls-cert", "a.crt"}, new String[] {"--max-connections", "0"},
            new String[] {"--max-inflight-bytes", "1k"}, new String[] {"--query-timeout", "-1s"},
            new String[] {"--request-header-timeout", "10ms"})) {
            final Outcome outcome = run(concat(new String[] {"serve", "--data-dir", dir.toString()}, args));
            assertThat(outcome.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(outcome.err()).as(String.join(" ", args)).contains(args[0]);
        }
    }

    @Test
    void shouldRefuseAMalformedTokenFileAtStartupByLineNumber() throws Exception {
        final String secret = TokenHash.generateToken();
        final Path tokens = Files.writeString(dir.resolve("tokens"), "ingest write " + secret + "\n");
        final Outcome outcome = run("serve", "--bind", "127.0.0.1", "--port", "0", "--data-dir",
            dir.resolve("data").toString(), "--auth-file", tokens.toString());
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).contains("line 1").doesNotContain(secret);
    }

    @Test
    void shouldPrintTheFileLineOnStdoutAndTheTokenOnStderr() throws Exception {
        final Outcome outcome = run("token", "--name", "ingest", "--role", "write,read");
        assertThat(outcome.exitCode()).isZero();
        final Path file = Files.writeString(dir.resolve("tokens"), outcome.out());
        final List<TokenFile.Entry> entries = TokenFile.read(file);
        assertThat(entries).hasSize(1);
        final String token = outcome.err().substring(outcome.err().lastIndexOf(' ') + 1).strip();
        assertThat(token).startsWith(TokenHash.TOKEN_PREFIX);
        assertThat(entries.get(0).hash()).isEqualTo(TokenHash.sha256(token));
        assertThat(outcome.out()).doesNotContain(token);
        assertThat(run("token", "--name", "x", "--role", "root").exitCode()).isEqualTo(2);
    }

    @Test
    void shouldWarnWhenServingWithoutAuthenticationBeyondLoopback() {
        final String open = ServeCommand.securityBanner(new ServerConfig().bindAddress("0.0.0.0"), 0);
        assertThat(open).contains("authentication off").contains("WARNING").contains("0.0.0.0")
            .contains("--auth-file");
        assertThat(ServeCommand.securityBanner(new ServerConfig().bindAddress("127.0.0.1"), 0))
            .doesNotContain("WARNING");
        final ServerConfig withAuth = new ServerConfig().bindAddress("0.0.0.0");
        withAuth.security().authFile(dir.resolve("tokens"));
        assertThat(ServeCommand.securityBanner(withAuth, 3)).contains("authentication on (3 tokens")
            .doesNotContain("WARNING");
    }

    private static String[] concat(final String[] a, final String[] b) {
        final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
