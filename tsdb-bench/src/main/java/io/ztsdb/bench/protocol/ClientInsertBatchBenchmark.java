// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ztsdb.client.InsertResult;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.server.config.ServerConfig;
import io.ztsdb.server.runtime.ServerRuntime;
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
 * End to end over loopback: {@link TsdbClient} pipelines insert_batch frames ({@value #BATCHES} batches of
 * {@value #BATCH_POINTS} points, 1,000 series) into an in-process {@code tsvdb serve} runtime and waits for every
 * ok. Scores are acknowledged points per second. Client and server share this JVM and the machine's cores.
 * {@code target=sink} replaces the server with {@link AckingSink} (decode and ok, no storage): the bound set by
 * the client, the protocol and loopback TCP.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class ClientInsertBatchBenchmark {
    static final int BATCH_POINTS = 8192;
    static final int BATCHES = 16;
    private static final int SERIES = 1000;

    /** Who answers: the real server runtime, or the storage-less sink. */
    @Param({"server", "sink"})
    public String target;

    private AckingSink sink;
    private Path dataDir;
    private ServerRuntime server;
    private TsdbClient client;
    private WriteBatch batch;
    private long timestampMillis = 1_700_000_000_000L;
    private double value;

    /** Starts the server and connects the client. */
    @Setup
    public void setUp() throws IOException {
        dataDir = Files.createTempDirectory("ztsdb-bench-");
        final int port;
        if ("sink".equals(target)) {
            sink = new AckingSink();
            port = sink.port();
        } else {
            server = ServerRuntime.start(new ServerConfig().port(0).bindAddress("127.0.0.1").dataDir(dataDir));
            port = server.tcpPort();
        }
        client = TsdbClient.builder().host("127.0.0.1").port(port).maxInFlight(BATCHES)
            .requestTimeout(Duration.ofSeconds(60)).build();
        client.connect();
        batch = new WriteBatch(BATCH_POINTS);
    }

    /** Stops both and deletes the data directory. */
    @TearDown
    public void tearDown() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
        if (sink != null) {
            sink.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
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
