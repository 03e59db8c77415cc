// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.bench.data.ArraySampleCursor;
import io.ztsdb.core.Aggregation;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The JSON encoding of a selector query ({@code GET /query?match=...&step=1m&agg=avg}) alone: 1,000 named series
 * of the container metric shape (three labels) with 60 points each, by {@link QueryJsonEncoder} and by the Jackson
 * generator writing the same document, into a stream that drops the bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class QueryJsonSelectionBenchmark {
    private static final int SERIES = 1_000;
    private static final int POINTS = 60;
    private static final long START = 1_795_844_400_000L;
    private static final long STEP = 60_000;

    private final long[] timestamps = new long[POINTS];
    private final double[][] values = new double[SERIES][POINTS];
    private final Labels[] labels = new Labels[SERIES];
    private final DiscardingStream out = new DiscardingStream();
    private final SegmentSink sink = SegmentSink.copyingTo(out);
    private final QueryRequest query = new QueryRequest(SeriesSelector.parse("container.cpu.usage"), 0, START,
        START + POINTS * STEP - 1, STEP, Aggregation.AVG);
    private final ArraySeriesCursor cursor = new ArraySeriesCursor();

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < POINTS; i++) {
            timestamps[i] = START + i * STEP;
        }
        for (int s = 0; s < SERIES; s++) {
            labels[s] = Labels.of("container_id", String.format("%012x", random.nextLong(1L << 48)),
                "container_name", "service-" + s, "runtime", s % 2 == 0 ? "docker" : "containerd");
            for (int i = 0; i < POINTS; i++) {
                values[s][i] = Math.round(random.nextDouble() * 10_000) / 100.0;
            }
        }
    }

    /** @return bytes written by {@link QueryJsonEncoder}. */
    @Benchmark
    public long encoder() throws IOException {
        out.bytes = 0;
        new QueryJsonEncoder(sink).write(query, cursor.reset());
        return out.bytes;
    }

    /** @return bytes written by the Jackson generator: the same document, the generic way. */
    @Benchmark
    public long jackson() throws IOException {
        out.bytes = 0;
        cursor.reset();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("match", query.selector().toString());
            json.writeNumberField("start", query.startMillis());
            json.writeNumberField("end", query.endMillis());
            json.writeNumberField("step", query.stepMillis());
            json.writeStringField("agg", query.aggregation().label());
            json.writeArrayFieldStart("series");
            long total = 0;
            while (cursor.next()) {
                json.writeStartObject();
                json.writeFieldName("id");
                JsonResponses.writeSeriesId(json, cursor.seriesId());
                SeriesHandler.writeName(json, cursor.metric(), cursor.labels());
                json.writeArrayFieldStart("points");
                final SampleCursor samples = cursor.samples();
                long count = 0;
                while (samples.next()) {
                    json.writeStartObject();
                    json.writeNumberField("timestamp", samples.timestampMillis());
                    json.writeFieldName("value");
                    JsonResponses.writeValue(json, samples.value());
                    json.writeEndObject();
                    count++;
                }
                json.writeEndArray();
                json.writeNumberField("count", count);
                json.writeEndObject();
                total += count;
            }
            json.writeEndArray();
            json.writeNumberField("series_count", SERIES);
            json.writeNumberField("count", total);
            json.writeEndObject();
            json.writeRaw('\n');
        }
        return out.bytes;
    }

    /** The series of the benchmark as a query result. */
    private final class ArraySeriesCursor implements SeriesCursor {
        private final ArraySampleCursor samples = new ArraySampleCursor();
        private int index = -1;

        ArraySeriesCursor reset() {
            index = -1;
            return this;
        }

        @Override
        public boolean next() {
            return ++index < SERIES;
        }

        @Override
        public long seriesId() {
            return Long.MIN_VALUE | (index * 0x9E3779B97F4A7C15L >>> 1);
        }

        @Override
        public String metric() {
            return "container.cpu.usage";
        }

        @Override
        public Labels labels() {
            return labels[index];
        }

        @Override
        public SampleCursor samples() {
            return samples.reset(timestamps, values[index]);
        }

        @Override
        public int seriesCount() {
            return SERIES;
        }

        @Override
        public void close() {
        }
    }

    /** Counts and drops what is written. */
    private static final class DiscardingStream extends OutputStream {
        private long bytes;

        @Override
        public void write(final int b) {
            bytes++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            bytes += len;
        }
    }
}
