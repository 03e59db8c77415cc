// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

import io.ztsdb.core.Tsdb;
import io.ztsdb.core.TsdbConfig;
import io.ztsdb.core.WalSync;
import io.ztsdb.core.promql.PromqlEngine;
import io.ztsdb.core.promql.QueryResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An instant query selecting 1,000 of 100,000 series by label, in process: the target is under 5 ms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx3g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PromqlInstantQueryBenchmark {
    @Param({"selector", "sum"})
    public String query;

    private Path directory;
    private Tsdb tsdb;
    private PromqlEngine engine;
    private String text;

    /** Loads 100,000 series with 40 samples each. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("ztsdb-promql-instant-bench");
        tsdb = Tsdb.open(directory, new TsdbConfig().walSync(WalSync.none()));
        PromqlDatasets.load(tsdb, PromqlDatasets::hosts);
        engine = new PromqlEngine(tsdb);
        text = switch (query) {
            case "selector" -> "container_memory_bytes{host=\"host-7\"}";
            case "sum" -> "sum(container_memory_bytes{host=\"host-7\"})";
            default -> throw new IllegalArgumentException("query=" + query);
        };
        final int expected = query.equals("sum") ? 1 : PromqlDatasets.HOST_SERIES / PromqlDatasets.HOSTS;
        if (run().series().size() != expected) {
            throw new IllegalStateException("unexpected result size: " + run().series().size());
        }
    }

    /** Closes and deletes the database. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        tsdb.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return the vector. */
    @Benchmark
    public QueryResult run() {
        return engine.instantQuery(text, PromqlDatasets.hostsEndMillis() + 7_000);
    }
}
