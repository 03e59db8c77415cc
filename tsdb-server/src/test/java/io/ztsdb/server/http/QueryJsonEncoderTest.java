// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.core.Aggregation;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import io.ztsdb.core.SeriesSelector;
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

/**
 * {@link QueryJsonEncoder} writes, for every shape of {@code GET /query}, the bytes the Jackson generator writes
 * for the same document (the generator is the reference: {@link #jackson}).
 */
class QueryJsonEncoderTest {
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        0.0, 1e-7, 0.1, 100.0, 2.50507264E8, -3.25, Double.MAX_VALUE, Double.MIN_VALUE, 1.0 / 3};
    private static final int POINTS = 20_000;
    private static final long MAX_POINTS = 10_000_000;

    @TempDir
    Path dir;

    /** The document as the Jackson generator writes it. */
    private static String jackson(final QueryRequest query, final Tsdb tsdb) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JsonResponses.JSON.createGenerator(out)) {
            if (query.isRawSeries()) {
                try (SampleCursor samples = tsdb.query(query.seriesId(), query.startMillis(), query.endMillis())) {
                    json.writeStartObject();
                    json.writeFieldName("series");
                    JsonResponses.writeSeriesId(json, query.seriesId());
                    writeRange(json, query);
                    json.writeNumberField("count", writePoints(json, samples));
                    json.writeEndObject();
                }
            } else {
                try (SeriesCursor series = open(tsdb, query)) {
                    writeCursor(json, query, series);
                }
            }
            json.writeRaw('\n');
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void writeCursor(final JsonGenerator json, final QueryRequest query, final SeriesCursor series)
        throws IOException {
        json.writeStartObject();
        if (query.selector() == null) {
            series.next();
            json.writeFieldName("series");
            JsonResponses.writeSeriesId(json, series.seriesId());
            SeriesHandler.writeName(json, series.metric(), series.labels());
            writeRange(json, query);
            json.writeNumberField("count", writePoints(json, series.samples()));
            json.writeEndObject();
            return;
        }
        json.writeStringField("match", query.selector().toString());
        writeRange(json, query);
        json.writeArrayFieldStart("series");
        long total = 0;
        while (series.next()) {
            json.writeStartObject();
            json.writeFieldName("id");
            JsonResponses.writeSeriesId(json, series.seriesId());
            SeriesHandler.writeName(json, series.metric(), series.labels());
            final long count = writePoints(json, series.samples());
            json.writeNumberField("count", count);
            json.writeEndObject();
            total += count;
        }
        json.writeEndArray();
        json.writeNumberField("series_count", series.seriesCount());
        json.writeNumberField("count", total);
        json.writeEndObject();
    }

    /** Range, then step and agg with an aggregation; leaves the generator before "points". */
    private static void writeRange(final JsonGenerator json, final QueryRequest query) throws IOException {
        json.writeNumberField("start", query.startMillis());
        json.writeNumberField("end", query.endMillis());
        if (query.aggregation() != null) {
            json.writeNumberField("step", query.stepMillis());
            json.writeStringField("agg", query.aggregation().label());
        }
    }

    private static long writePoints(final JsonGenerator json, final SampleCursor samples) throws IOException {
        json.writeArrayFieldStart("points");
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
        return count;
    }

    private static SeriesCursor open(final Tsdb tsdb, final QueryRequest query) {
        return query.selector() == null
            ? tsdb.query(new long[] {query.seriesId()}, query.startMillis(), query.endMillis(), query.stepMillis(),
                query.aggregation(), MAX_POINTS)
            : tsdb.query(query.selector(), query.startMillis(), query.endMillis(), query.stepMillis(),
                query.aggregation(), MAX_POINTS);
    }

    private static String encoded(final QueryRequest query, final Tsdb tsdb) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final QueryJsonEncoder encoder = new QueryJsonEncoder(SegmentSink.copyingTo(out));
        if (query.isRawSeries()) {
            try (SampleCursor samples = tsdb.query(query.seriesId(), query.startMillis(), query.endMillis())) {
                encoder.write(query, samples);
            }
        } else {
            try (SeriesCursor series = open(tsdb, query)) {
                encoder.write(query, series);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static QueryRequest select(final String selector, final long start, final long end, final long step,
        final Aggregation aggregation) {
        return new QueryRequest(SeriesSelector.parse(selector), 0, start, end, step, aggregation);
    }

    @Test
    void shouldWriteTheRawSamplesOfOneSeriesAsTheJacksonGeneratorDoes() throws IOException {
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
            for (final QueryRequest query : new QueryRequest[] {QueryRequest.raw(-2L, Long.MIN_VALUE, Long.MAX_VALUE),
                QueryRequest.raw(7, 0, Long.MAX_VALUE), QueryRequest.raw(9, Long.MIN_VALUE, Long.MAX_VALUE),
                QueryRequest.raw(7, 1_795_844_630_734L, 1_795_844_630_734L + 55_000L), QueryRequest.raw(8, -5, 5)}) {
                assertThat(encoded(query, tsdb)).as(query.toString()).isEqualTo(jackson(query, tsdb));
            }
        }
    }

    @Test
    void shouldWriteNamedAndAggregatedSeriesAsTheJacksonGeneratorDoes() throws IOException {
        try (Tsdb tsdb = Tsdb.open(dir); TestBatch batch = new TestBatch(tsdb)) {
            // Label values that need escaping, outside ASCII and the BMP, and names long enough (64 labels of
            // 2,000-2,600 chars, escaped and plain) to span several 64 KiB segments.
            final long plain = tsdb.registerSeries("cpu.usage", Labels.of("container_id", "c1", "runtime", "docker"));
            final long escaped = tsdb.registerSeries("cpu.usage", Labels.of("container_id", "q\"uo\\te\n\t\u0001/",
                "runtime", "pödman \uD83D\uDE00 \u2028"));
            final String[] namesAndValues = new String[2 * Labels.MAX_LABEL_COUNT];
            for (int i = 0; i < Labels.MAX_LABEL_COUNT; i++) {
                namesAndValues[2 * i] = "label_" + i;
                namesAndValues[2 * i + 1] = ("\"" + i + "\\é").repeat(Labels.MAX_VALUE_LENGTH / 8);
            }
            final long huge = tsdb.registerSeries("cpu.usage", Labels.of(namesAndValues));
            for (int i = 0; i < Labels.MAX_LABEL_COUNT; i++) {
                namesAndValues[2 * i + 1] = ("plain ascii " + i + " ").repeat(Labels.MAX_VALUE_LENGTH / 20);
            }
            final long plainHuge = tsdb.registerSeries("cpu.usage", Labels.of(namesAndValues));
            for (int s = 0; s < 3_000; s++) {
                batch.add(plain, s * 1000L, s % 7);
                batch.add(escaped, s * 1000L, s * 0.25);
                batch.add(huge, s * 1000L, -s);
                batch.add(plainHuge, s * 1000L, s);
            }
            batch.flush();
            for (final QueryRequest query : new QueryRequest[] {
                new QueryRequest(null, escaped, 0, 2_999_000, 60_000, Aggregation.AVG),
                new QueryRequest(null, huge, 0, Long.MAX_VALUE, 0, Aggregation.RATE),
                new QueryRequest(null, plainHuge, 0, Long.MAX_VALUE, 1000, Aggregation.LAST),
                new QueryRequest(null, 4242, 0, 10, 0, Aggregation.SUM),
                select("cpu.usage", 0, 2_999_000, 0, null),
                select("cpu.usage{runtime=~\"pö.*\"}", 1000, 100_000, 10_000, Aggregation.MAX),
                select("cpu.usage", Long.MIN_VALUE, Long.MAX_VALUE, 0, Aggregation.COUNT),
                select("nothing.here", 0, 10, 0, null)}) {
                assertThat(encoded(query, tsdb)).as(query.toString()).isEqualTo(jackson(query, tsdb));
            }
        }
    }
}
