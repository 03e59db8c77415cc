// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.Tsdb;
import io.ztsdb.server.TestBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class QueryJsonEncoderTest {
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        0.0, 1e-7, 0.1, 100.0, 2.50507264E8, -3.25, Double.MAX_VALUE, Double.MIN_VALUE, 1.0 / 3};
    private static final int POINTS = 20_000;

    @TempDir
    Path dir;

    /** The document as the Jackson generator wrote it before {@link QueryJsonEncoder}. */
    private static String jackson(final Tsdb tsdb, final long seriesId, final long start, final long end)
        throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out);
             SampleCursor cursor = tsdb.query(seriesId, start, end)) {
            json.writeStartObject();
            json.writeFieldName("series");
            JsonResponses.writeSeriesId(json, seriesId);
            json.writeNumberField("start", start);
            json.writeNumberField("end", end);
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
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String encoded(final Tsdb tsdb, final long seriesId, final long start, final long end)
        throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SampleCursor cursor = tsdb.query(seriesId, start, end)) {
            new QueryJsonEncoder(SegmentSink.copyingTo(out)).write(seriesId, start, end, cursor);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteTheSameBytesAsTheJacksonGenerator() throws IOException {
        try (Tsdb tsdb = Tsdb.open(dir); TestBatch batch = new TestBatch(tsdb)) {
            final SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < SPECIAL.length; i++) {
                batch.add(-2L, 1000L * i, SPECIAL[i]);
            }
            for (int i = 0; i < POINTS; i++) {
                final double value = switch (i % 4) {
                    case 0 -> Math.round(random.nextDouble() * 1e8) / 1e8;
                    case 1 -> (double) random.nextLong(1L << 40);
                    case 2 -> Double.longBitsToDouble(random.nextLong());
                    default -> random.nextDouble() * 1000;
                };
                batch.add(7, 1_795_844_630_734L + 10_000L * i, value);
            }
            // timestamps from negative through the cached 8-digit prefixes to beyond 10^16 (uncached)
            long timestamp = -3_000_000_000_000L;
            for (int i = 0; i < POINTS; i++) {
                batch.add(9, timestamp, random.nextDouble() * 100);
                timestamp += i % 100 == 99 ? random.nextLong(1L << 52) : random.nextLong(1, 200_000_000L);
            }
            batch.flush();
            for (final long[] query : new long[][] {{-2L, Long.MIN_VALUE, Long.MAX_VALUE}, {7, 0, Long.MAX_VALUE},
                {9, Long.MIN_VALUE, Long.MAX_VALUE},
                {7, 1_795_844_630_734L, 1_795_844_630_734L + 55_000L}, {8, -5, 5}}) {
                final String expected = jackson(tsdb, query[0], query[1], query[2]);
                assertThat(encoded(tsdb, query[0], query[1], query[2])).isEqualTo(expected);
            }
        }
    }
}
