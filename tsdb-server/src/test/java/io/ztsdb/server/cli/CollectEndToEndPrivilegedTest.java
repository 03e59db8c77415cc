// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ztsdb.ebpf.EbpfCollector;
import io.ztsdb.server.runtime.ServerRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tsvdb collect} end to end: the command's own wiring (picocli options → collector → engine → HTTP), a
 * fake docker container doing 32 MiB of direct writes, and the rate read back through {@code GET /query}.
 */
@Tag("privileged")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CollectEndToEndPrivilegedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void requireRootAndBtf() {
        assumeTrue(EbpfCollector.hasBpfPrivileges(), "needs root or CAP_BPF+CAP_PERFMON");
        assumeTrue(Files.exists(Path.of("/sys/kernel/btf/vmlinux")), "needs kernel BTF (/sys/kernel/btf/vmlinux)");
    }

    private static JsonNode get(final int port, final String pathAndQuery) throws Exception {
        final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** @return the series id as unsigned decimal, or null when /series does not list it yet. */
    private static String seriesId(final int port, final String metric, final String containerId) throws Exception {
        for (final JsonNode s : get(port, "/series").get("series")) {
            if (metric.equals(s.path("metric").asText()) && containerId.equals(s.path("labels").path("container_id")
                .asText())) {
                return s.get("id").asText();
            }
        }
        return null;
    }

    @Test
    void shouldServeContainerRatesThroughHttpQuery() throws Exception {
        final CommandLine cli = TsvdbCommand.commandLine();
        cli.parseArgs("collect", "--port", "0", "--web-port", "0", "--bind", "127.0.0.1", "--data-dir",
            dataDir.toString(), "--interval", "200", "--discovery-interval", "300");
        final CollectCommand command = cli.getSubcommands().get("collect").getCommand();
        final Path ioDir = Files.createDirectories(Path.of("target", "collect-e2e").toAbsolutePath());
        final Path file = ioDir.resolve("dd-" + System.nanoTime());
        try (TestCgroup container = new TestCgroup();
             ServerRuntime runtime = command.startRuntime()) {
            final int port = runtime.httpPort();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String writeSeries = null;
            while (writeSeries == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
                writeSeries = seriesId(port, "container.block.write.bytes", container.containerId);
            }
            assertThat(writeSeries).as("series of the fake container in /series").isNotNull();
            Thread.sleep(400); // a baseline round before the load
            final long start = System.currentTimeMillis();
            final Process dd = container.run("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=32", "oflag=direct",
                "status=none");
            assertThat(dd.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dd.exitValue()).isZero();
            Thread.sleep(700); // rounds after the load

            final JsonNode result = get(port, "/query?series=" + writeSeries + "&start=" + (start - 2000)
                + "&end=" + System.currentTimeMillis());
            // each point is the rate over the time since the previous round: integrate from the rounds before
            double bytes = 0;
            long previous = -1;
            for (final JsonNode point : result.get("points")) {
                final long ts = point.get("timestamp").asLong();
                if (previous >= 0) {
                    bytes += point.get("value").asDouble() * (ts - previous) / 1000.0;
                }
                previous = ts;
            }
            assertThat(result.get("count").asLong()).as(result.toString()).isGreaterThan(2);
            // rate x interval summed over the rounds: the 32 MiB (ms timestamps cost a little precision)
            assertThat(bytes).isCloseTo(33_554_432.0, within(33_554_432.0 * 0.05));

            final JsonNode collector = get(port, "/stats").get("collector");
            assertThat(collector.get("mode").asText()).isEqualTo("ebpf");
            assertThat(collector.get("programs_attached").toString()).contains("ztsdb_net_ingress", "ztsdb_net_egress",
                "ztsdb_io_btf", "ztsdb_runq_btf", "ztsdb_tcp_retrans_btf", "ztsdb_drop_btf", "ztsdb_oom_btf");
            assertThat(collector.get("errors").asLong()).isZero();
            assertThat(collector.get("samples_written").asLong()).isPositive();
            assertThat(collector.get("container_list").findValuesAsText("container_id"))
                .contains(container.containerId);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
