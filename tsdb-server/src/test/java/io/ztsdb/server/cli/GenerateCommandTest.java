// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.core.SeriesInfo;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {
    @TempDir
    Path dataDir;

    private static int run(final StringWriter out, final StringWriter err, final String... args) {
        final CommandLine cli = TsvdbCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldSendPointsAndReportThroughputAndLatency() {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).bindAddress("127.0.0.1")
            .dataDir(dataDir))) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int exit = run(out, err, "generate", "--host", "127.0.0.1", "--port", "" + runtime.tcpPort(),
                "--count", "25000", "--series-count", "10", "--batch-size", "1000", "--connections", "3");
            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("25,000 points").contains("points/s acknowledged")
                .contains("accepted 25,000, rejected 0").contains("p99");
            assertThat(runtime.tsdb().series()).hasSize(10);
            assertThat(runtime.tsdb().series().stream().mapToLong(SeriesInfo::pointCount).sum()).isEqualTo(25_000);
        }
    }

    @Test
    void shouldSendEveryPointToOneSeriesLikeTheSeed() {
        try (ServerRuntime runtime = ServerRuntime.start(new ServerConfig().port(0).bindAddress("127.0.0.1")
            .dataDir(dataDir))) {
            final int exit = run(new StringWriter(), new StringWriter(), "generate", "--port",
                "" + runtime.tcpPort(), "--series", "12345", "--count", "100");
            assertThat(exit).isZero();
            assertThat(runtime.tsdb().series()).singleElement()
                .satisfies(s -> assertThat(s.seriesId()).isEqualTo(12345))
                .satisfies(s -> assertThat(s.pointCount()).isEqualTo(100));
        }
    }

    @Test
    void shouldExitWithRuntimeCodeWhenServerUnreachable() throws Exception {
        final int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        final StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "generate", "--port", "" + port)).isEqualTo(1);
        assertThat(err.toString()).contains("tsvdb serve --port " + port);
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldExitWithUsageCodeOnBadValues() {
        assertThat(run(new StringWriter(), new StringWriter(), "generate", "--count", "many")).isEqualTo(2);
        assertThat(run(new StringWriter(), new StringWriter(), "generate", "--batch-size", "0")).isEqualTo(2);
        assertThat(run(new StringWriter(), new StringWriter(), "generate", "--port", "0")).isEqualTo(2);
    }
}
