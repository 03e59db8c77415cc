// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code promtool query instant|range|series|labels} (from the Debian prometheus package, Prometheus' own Go
 * client) against ztsdb.
 */
class PromtoolTest {
    private static final String PROMTOOL = "/usr/bin/promtool";
    private static final long T0 = OracleDataset.T0 / 1000;

    @TempDir
    static Path dir;
    private static ServerRuntime ztsdb;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Path.of(PROMTOOL)), "the Debian prometheus package (promtool) is not " +
            "installed (scripts/ensure-toolchain.sh installs it)");
        ztsdb = ServerRuntime.start(new ServerConfig().port(0).webPort(0).bindAddress("127.0.0.1").dataDir(dir)
            .walSync("none"));
        OracleDataset.generate(11).loadInto(ztsdb.tsdb());
    }

    @AfterAll
    static void stop() {
        if (ztsdb != null) {
            ztsdb.close();
        }
    }

    private String server() {
        return "http://127.0.0.1:" + ztsdb.httpPort();
    }

    @Test
    void shouldRunInstantQuery() throws Exception {
        final String out = promtool("query", "instant", "--time=" + (T0 + 1800), server(),
            "sum by (job) (rate(http_requests_total[5m]))");
        assertThat(out).contains("{job=\"api\"} =>", "{job=\"worker\"} =>", "@[" + (T0 + 1800));
    }

    @Test
    void shouldRunRangeQuery() throws Exception {
        final String out = promtool("query", "range", "--start=" + (T0 + 600), "--end=" + (T0 + 900), "--step=1m",
            server(), "node_memory_bytes{instance=\"i0\"}");
        assertThat(out).contains("node_memory_bytes{instance=\"i0\", job=\"node\"} =>", "@[" + (T0 + 600),
            "@[" + (T0 + 900));
    }

    @Test
    void shouldListSeries() throws Exception {
        // promtool's default range is now +- 9999 h: the data (2023) needs an explicit start.
        final String out = promtool("query", "series", "--match=up{job=\"api\"}", "--start=" + T0,
            "--end=" + (T0 + 7200), server());
        assertThat(out).contains("{__name__=\"up\", instance=\"i0\", job=\"api\"}",
            "{__name__=\"up\", instance=\"i2\", job=\"api\"}").doesNotContain("worker");
    }

    @Test
    void shouldListLabelValues() throws Exception {
        assertThat(promtool("query", "labels", server(), "job")).contains("api", "worker", "node", "batch");
        assertThat(promtool("query", "labels", server(), "__name__")).contains("container_cpu_usage",
            "batch_job_last_success");
    }

    private static String promtool(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(PROMTOOL);
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("promtool did not finish: " + command);
        }
        final String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(command + ": " + text).isZero();
        return text;
    }
}
