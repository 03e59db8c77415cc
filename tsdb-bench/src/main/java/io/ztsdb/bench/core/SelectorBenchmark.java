// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.core;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.series.RegisteredSeries;
import io.ztsdb.core.series.SeriesCatalog;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Selecting about 1,000 of 1,000,000 named series through the label index ({@link SeriesCatalog#select}),
 * against a naive baseline that tests every series' labels ({@code scanBaseline}). Scores are microseconds
 * per selection. Shapes ({@code selector}):
 * <ul>
 *   <li>{@code equal}: {@code container.cpu.usage{host="host-7"}}: 1,000 series, two postings intersected.</li>
 *   <li>{@code negation}: {@code container.cpu.usage{host="host-7",runtime!="crio"}}: about 750.</li>
 *   <li>{@code alternation}: {@code container.memory.bytes{container_id=~"id1|...|id1000"}}: 1,000 literal
 *       alternatives looked up one by one.</li>
 *   <li>{@code regex}: {@code {host=~"host-7",runtime=~"d.*"}}: a real regular expression over the runtime
 *       values, about 5,000.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SelectorBenchmark {
    static final int CONTAINERS = 100_000;

    @Param({"equal", "negation", "alternation", "regex"})
    public String selector;

    private Path directory;
    private SeriesCatalog catalog;
    private SeriesFixtures fixtures;
    private SeriesSelector parsed;

    /** Registers 1,000,000 series (one fsync) and parses the selector. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("ztsdb-selector-bench");
        fixtures = new SeriesFixtures(CONTAINERS);
        catalog = SeriesCatalog.open(directory);
        catalog.register(fixtures.metrics, fixtures.labels);
        parsed = SeriesSelector.parse(selectorText(selector, fixtures));
        final int selected = catalog.select(parsed).size();
        if (selected < 500 || selected > 6000) {
            throw new IllegalStateException("selector " + selector + " selects " + selected + " series");
        }
    }

    static String selectorText(final String shape, final SeriesFixtures fixtures) {
        return switch (shape) {
            case "equal" -> "container.cpu.usage{host=\"host-7\"}";
            case "negation" -> "container.cpu.usage{host=\"host-7\",runtime!=\"crio\"}";
            case "alternation" -> "container.memory.bytes{container_id=~\"" +
                String.join("|", List.of(fixtures.containerIds).subList(0, 1000)) + "\"}";
            case "regex" -> "{host=~\"host-7\",runtime=~\"d.*\"}";
            default -> throw new IllegalArgumentException("selector=" + shape);
        };
    }

    /** Deletes the registry file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        catalog.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return the selected series, through the postings of the label index. */
    @Benchmark
    public List<RegisteredSeries> select() {
        return catalog.select(parsed);
    }

    /** @return how many series match, testing every series' labels: what the index saves. */
    @Benchmark
    public int scanBaseline() {
        final List<LabelMatcher> matchers = parsed.allMatchers();
        int count = 0;
        for (int i = 0; i < fixtures.size(); i++) {
            if (matchesAll(matchers, fixtures.metrics[i], fixtures.labels[i])) {
                count++;
            }
        }
        return count;
    }

    private static boolean matchesAll(final List<LabelMatcher> matchers, final String metric, final Labels labels) {
        for (final LabelMatcher m : matchers) {
            final String value = m.name().equals(LabelMatcher.METRIC_NAME_LABEL) ? metric : labels.get(m.name());
            if (!m.matches(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }
}
