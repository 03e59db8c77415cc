// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.promql;

import io.ztsdb.core.SeriesSelector;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.parser.Parser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Parsing (lexing, parsing and type-checking) small PromQL expressions; the target is at least 1 M expressions
 * per second. Baseline: core's selector parser on the selector alone ({@code selectorBaseline}, selector shape
 * only), which does much less (no lexer, no types).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PromqlParseBenchmark {
    @Param({"selector", "rate", "aggregation", "binary"})
    public String shape;

    private String query;

    /** Picks the expression. */
    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        query = switch (shape) {
            case "selector" -> "http_requests_total{job=\"api\",code!=\"500\"}";
            case "rate" -> "rate(http_requests_total{job=\"api\"}[5m])";
            case "aggregation" -> "sum by (container_name) (rate(container_cpu_usage[1m]))";
            case "binary" -> "node_memory_bytes / on(instance) group_left node_memory_total * 100 > 90";
            default -> throw new IllegalArgumentException("shape=" + shape);
        };
    }

    /** @return the syntax tree. */
    @Benchmark
    public Expr parse() {
        return Parser.parse(query);
    }

    /** @return core's selector for the selector shape (its own syntax), as a simpler reference. */
    @Benchmark
    public SeriesSelector selectorBaseline() {
        return SeriesSelector.parse("http_requests_total{job=\"api\",code!=\"500\"}");
    }
}
