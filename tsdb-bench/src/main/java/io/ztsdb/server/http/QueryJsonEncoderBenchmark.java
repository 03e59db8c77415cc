// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.bench.data.ArraySampleCursor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The JSON encoding of {@code GET /query?series=ID} alone (no scan, no network): {@link QueryJsonEncoder} against
 * the Jackson generator as the baseline, over 86,400 in-memory points, into a stream that drops the bytes. Values:
 * {@code decimal} = a random walk with 0.01 resolution (like the synthetic container set), {@code counter} = large
 * integers printed in scientific notation (like {@code tsvdb generate}). Points per second = ops/s x 86,400.
 * <p>
 * In package {@code io.ztsdb.server.http} (split package on the benchmark's class path) because the encoder is
 * package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class QueryJsonEncoderBenchmark {
    private static final int POINTS = 86_400;
    private static final long FIRST_TIMESTAMP = 1_795_844_630_734L;

    /** Kind of values: decimal or counter. */
    @Param({"decimal", "counter"})
    public String values;

    private final long[] timestamps = new long[POINTS];
    private final double[] samples = new double[POINTS];
    private final DiscardingStream out = new DiscardingStream();
    /** One sink for every run, as the server's segments come from a pool. */
    private final SegmentSink sink = SegmentSink.copyingTo(out);
    private final ArraySampleCursor cursor = new ArraySampleCursor();

    @Setup
    public void setUp() {
        final SplittableRandom random = new SplittableRandom(11);
        double value = "decimal".equals(values) ? 50 : 2.5e8;
        for (int i = 0; i < POINTS; i++) {
            timestamps[i] = FIRST_TIMESTAMP + 1000L * i;
            value = "decimal".equals(values)
                ? Math.round((value + random.nextDouble(-1, 1)) * 100) / 100.0
                : value + random.nextLong(1, 100_000);
            samples[i] = value;
        }
    }

    /** @return bytes written by {@link QueryJsonEncoder}. */
    @Benchmark
    public long encoder() throws IOException {
        out.bytes = 0;
        new QueryJsonEncoder(sink).write(QueryRequest.raw(7, Long.MIN_VALUE, Long.MAX_VALUE),
            cursor.reset(timestamps, samples));
        return out.bytes;
    }

    /** @return bytes written by the Jackson generator: the same document, the generic way. */
    @Benchmark
    public long jackson() throws IOException {
        out.bytes = 0;
        cursor.reset(timestamps, samples);
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("series");
            JsonResponses.writeSeriesId(json, 7);
            json.writeNumberField("start", Long.MIN_VALUE);
            json.writeNumberField("end", Long.MAX_VALUE);
            json.writeArrayFieldStart("points");
            long count = 0;
            while (cursor.next()) {
                json.writeStartObject();
                json.writeNumberField("timestamp", cursor.timestampMillis());
                json.writeFieldName("value");
                JsonResponses.writeValue(json, cursor.value());
                json.writeEndObject();
                count++;
            }
            json.writeEndArray();
            json.writeNumberField("count", count);
            json.writeEndObject();
            json.writeRaw('\n');
        }
        return out.bytes;
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
