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
 * A PromQL range query over 1,000 series x 1 day of 10 s samples (8.64 M samples, persisted into blocks) at a 15 s
 * step, in process: the target is under 50 ms. {@code parallelism} is the number of threads a foldable aggregation may
 * use (1 shows the single-thread cost).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 4)
@State(Scope.Benchmark)
public class PromqlRangeQueryBenchmark {
    static final String QUERY = "sum by (container_name) (rate(container_cpu_usage[1m]))";

    @Param({"sum_rate"})
    public String query;

    private Path directory;
    private Tsdb tsdb;
    private PromqlEngine engine;
    private String text;

    /** Loads the data and persists it into blocks. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("ztsdb-promql-range-bench");
        tsdb = Tsdb.open(directory, new TsdbConfig().walSync(WalSync.none()));
        PromqlDatasets.load(tsdb, PromqlDatasets::containers);
        tsdb.persistNow();
        engine = new PromqlEngine(tsdb);
        text = switch (query) {
            case "sum_rate" -> QUERY;
            default -> throw new IllegalArgumentException("query=" + query);
        };
        final QueryResult check = run();
        if (check.series().size() != PromqlDatasets.CONTAINER_NAMES || check.series().get(0).size() < 5700) {
            throw new IllegalStateException("unexpected result: " + check.series().size() + " series");
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

    /** @return the query's matrix (50 series x 5,760 steps). */
    @Benchmark
    public QueryResult run() {
        return engine.rangeQuery(text, PromqlDatasets.T0 + 60_000, PromqlDatasets.T0 + 86_400_000L - 15_000 + 60_000,
            15_000);
    }
}
