// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.TsdbClientBuilder;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
import io.ztsdb.server.security.TokenHash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of security on the ingest path: the same pipelined insert_batch load as
 * {@link ClientInsertBatchBenchmark} (server target) with authentication off or on (a token checked per request), and
 * over plaintext or TLS (a self-signed EC P-256 certificate made with {@code openssl} at setup). Scores are
 * acknowledged points per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class SecureIngestBenchmark {
    static final int BATCH_POINTS = 8192;
    static final int BATCHES = 16;
    private static final int SERIES = 1000;

    /** none, token (auth file), tls, or token+tls. */
    @Param({"none", "token", "tls", "token+tls"})
    public String security;

    private Path dir;
    private ServerRuntime server;
    private TsdbClient client;
    private WriteBatch batch;
    private long timestampMillis = 1_700_000_000_000L;
    private double value;

    /** Starts the server with the chosen security and connects the client. */
    @Setup
    public void setUp() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("ztsdb-bench-");
        final ServerConfig config = new ServerConfig().port(0).bindAddress("127.0.0.1").dataDir(dir.resolve("data"));
        final TsdbClientBuilder builder = TsdbClient.builder().host("127.0.0.1").maxInFlight(BATCHES)
            .requestTimeout(Duration.ofSeconds(60));
        if (security.contains("token")) {
            final String token = TokenHash.generateToken();
            config.security().authFile(Files.writeString(dir.resolve("tokens"), "bench write "
                + TokenHash.format(TokenHash.sha256(token)) + "\n"));
            builder.token(token);
        }
        if (security.contains("tls")) {
            final Path cert = dir.resolve("cert.pem");
            final Path key = dir.resolve("key.pem");
            final Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: exit=" + openssl.exitValue());
            }
            config.security().tls(cert, key, null);
            builder.trustedCertificates(cert);
        }
        server = ServerRuntime.start(config);
        client = builder.port(server.tcpPort()).build();
        client.connect();
        batch = new WriteBatch(BATCH_POINTS);
    }

    /** Stops both and deletes the directory. */
    @TearDown
    public void tearDown() throws IOException {
        client.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** @return the counts of the last flush. */
    @Benchmark
    @OperationsPerInvocation(BATCHES * BATCH_POINTS)
    public InsertResult pipelinedInsertBatch() {
        int series = 0;
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < BATCH_POINTS; i++) {
                batch.add(series + 1, timestampMillis, value);
                value += 0.5;
                if (++series == SERIES) {
                    series = 0;
                    timestampMillis += 1000;
                }
            }
            client.sendBatch(batch);
            batch.clear();
        }
        timestampMillis += 1000;
        return client.flush();
    }
}
