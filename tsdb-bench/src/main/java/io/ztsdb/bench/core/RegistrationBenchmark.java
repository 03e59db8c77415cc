// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.Labels;
import io.ztsdb.core.series.SeriesCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * Series registration rate, every registration durable (the registry file is fsynced before the id is
 * returned). Scores are registrations per second.
 * <ul>
 *   <li>{@code registerOne}: one new series per call, one write + fsync each: bound by the disk's fsync rate.</li>
 *   <li>{@code registerBatch}: {@value #BATCH} new series per call with one fsync (the bulk API).</li>
 *   <li>{@code lookupExisting}: registering a series that exists: hash + lookup under the read lock, no I/O.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class RegistrationBenchmark {
    static final int BATCH = 10_000;

    private Path directory;
    private SeriesCatalog catalog;
    private long counter;
    private final String[] metrics = new String[BATCH];
    private final Labels[] labels = new Labels[BATCH];
    private final Labels existing = Labels.of("container_id", "0123456789ab", "runtime", "docker", "host", "h1");

    /** Opens an empty registry in a temporary directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("ztsdb-registration-bench");
        catalog = SeriesCatalog.open(directory);
        catalog.register("container.cpu.usage", existing);
        java.util.Arrays.fill(metrics, "container.cpu.usage");
    }

    /** Deletes the registry. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        catalog.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Labels next() {
        final long n = counter++;
        return Labels.of("container_id", String.format("%012x", n), "runtime", "docker", "host", "h" + (n % 100));
    }

    /** @return the id of one new, durably registered series. */
    @Benchmark
    public long registerOne() {
        return catalog.register("container.cpu.usage", next());
    }

    /** @return the ids of {@value #BATCH} new series registered with one fsync. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long[] registerBatch() {
        for (int i = 0; i < BATCH; i++) {
            labels[i] = next();
        }
        return catalog.register(metrics, labels);
    }

    /** @return the id of a series already registered. */
    @Benchmark
    public long lookupExisting() {
        return catalog.register("container.cpu.usage", existing);
    }
}
