// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.server.ingest.IngestForwarder;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tsvdb collect --remote-write-url}: the collector's rounds (cgroupfs only, every cgroup of this machine)
 * reach a loopback remote-write receiver under their Prometheus names, with the remote-write headers.
 */
@Timeout(60)
class CollectRemoteWriteTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldForwardTheCollectorsSamplesToTheReceiver() throws Exception {
        final Vertx vertx = Vertx.vertx();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        try {
            final HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body()
                .onSuccess(body -> {
                    final byte[] snappy = body.getBytes();
                    if ("snappy".equals(request.getHeader("Content-Encoding"))
                        && "0.1.0".equals(request.getHeader("X-Prometheus-Remote-Write-Version"))) {
                        bodies.add(new String(SnappyBlock.decompress(snappy, 0, snappy.length, 64 << 20),
                            StandardCharsets.ISO_8859_1));
                    }
                    request.response().setStatusCode(204).end();
                })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            final CommandLine cli = TsvdbCommand.commandLine();
            cli.parseArgs("collect", "--no-ebpf", "--all-cgroups", "--interval", "200", "--port", "0",
                "--data-dir", dataDir.toString(), "--remote-write-deadline", "100ms",
                "--remote-write-url", "http://127.0.0.1:" + receiver.actualPort() + "/api/v1/write");
            final CollectCommand collect = cli.getSubcommands().get("collect").getCommand();
            try (ServerRuntime runtime = collect.startRuntime()) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (bodies.stream().noneMatch(b -> b.contains("container_cpu_usage"))
                    && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(runtime.forwarder()).isNotSameAs(IngestForwarder.NONE);
            }
            assertThat(bodies).anyMatch(b -> b.contains("__name__") && b.contains("container_cpu_usage"))
                .anyMatch(b -> b.contains("container_memory_bytes"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
