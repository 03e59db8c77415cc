// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesCursor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answer of {@code GET /query} and a newline straight into the segments of a {@link SegmentSink},
 * byte for byte what the Jackson generator writes (values as {@link Double#toString}, NaN and infinities as
 * strings, series ids as strings of their unsigned digits). Two shapes:
 * <ul>
 * <li>one series ({@code series=ID}): {@code {"series":"ID"[,"metric":..,"labels":{..}],"start":..,"end":..
 *   [,"step":..,"agg":..],"points":[{"timestamp":..,"value":..},...],"count":N}}; metric and labels only with an
 *   aggregation;</li>
 * <li>a selection ({@code match=SELECTOR}): {@code {"match":..,"start":..,"end":..[,"step":..,"agg":..],
 *   "series":[{"id":"ID","metric":..,"labels":{..},"points":[..],"count":n},...],"series_count":k,"count":total}}.
 *   </li>
 * </ul>
 * With {@code compact} (the request's {@code format=compact}) each point is the array {@code [timestamp,value]}
 * instead of the object: 4 bytes of syntax around the digits instead of 24.
 * <p>
 * <b>Design note:</b> the generic generator spent more time than the scan itself: per point it checked the
 * output context four times, escaped two field names and built a {@code String} for the double (JFR: Jackson
 * 28 %, {@code Double.toString} 24 % of the server's CPU for 86,400 points). Here the field names are constant
 * longs stored 8 bytes at a time and numbers are formatted by {@link JsonNumbers}, in place; strings (names,
 * labels, the selector) are escaped by Jackson's own {@link JsonStringEncoder}, once per series. A store may reach
 * up to {@link #MAX_POINT_LENGTH} bytes past the position, so a segment is handed over once less than that is
 * left. One instance per request; not thread-safe.
 */
final class QueryJsonEncoder {
    private static final int MAX_POINT_LENGTH = 64 + 2 * JsonNumbers.MAX_NUMBER_LENGTH;
    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] MATCH = ascii("{\"match\":");
    private static final byte[] METRIC = ascii(",\"metric\":");
    private static final byte[] LABELS = ascii(",\"labels\":{");
    private static final byte[] START = ascii(",\"start\":");
    private static final byte[] END = ascii(",\"end\":");
    private static final byte[] STEP = ascii(",\"step\":");
    private static final byte[] AGG = ascii(",\"agg\":");
    private static final byte[] SERIES_ARRAY = ascii(",\"series\":[");
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] POINTS = ascii(",\"points\":[");
    private static final byte[] COUNT = ascii("],\"count\":");
    private static final byte[] SERIES_COUNT = ascii("],\"series_count\":");
    private static final byte[] TOTAL_COUNT = ascii(",\"count\":");
    /** <code>{"timestamp":</code> (13 bytes) in two longs. */
    private static final long TIMESTAMP_0 = asciiLong("{\"timest");
    private static final long TIMESTAMP_1 = asciiLong("amp\":");
    private static final int TIMESTAMP_LENGTH = 13;
    /** {@code ,"value":} (9 bytes) in two longs. */
    private static final long VALUE_0 = asciiLong(",\"value\"");
    private static final long VALUE_1 = asciiLong(":");
    private static final int VALUE_LENGTH = 9;
    /** {@code \},} after each point; the last comma becomes the array's {@code ]}. */
    private static final long POINT_END = asciiLong("},");
    private static final long MAX_CACHED_HIGH = JsonNumbers.EIGHT_DIGITS - 1;

    private final SegmentSink sink;
    private final boolean compact;
    private UnsafeBuffer segment;
    private int position;
    /** The digits of the timestamp above its last eight, which change once in 10^8 ms (28 h). */
    private long cachedHigh = -1;
    private long cachedHighDigits;
    private int cachedHighLength;

    /**
     * @param sink where the document goes.
     */
    QueryJsonEncoder(final SegmentSink sink) {
        this(sink, false);
    }

    /**
     * @param sink    where the document goes.
     * @param compact true to write each point as {@code [timestamp,value]}.
     */
    QueryJsonEncoder(final SegmentSink sink, final boolean compact) {
        this.sink = sink;
        this.compact = compact;
    }

    /**
     * Writes the document of one series without name: its samples as they are.
     *
     * @param query   the query; its {@code seriesId} is the series written.
     * @param samples the samples.
     * @return the number of points written.
     */
    long write(final QueryRequest query, final SampleCursor samples) throws IOException {
        segment = sink.firstSegment();
        put(SERIES);
        putSeriesId(query.seriesId());
        return finishSeries(query, samples);
    }

    /**
     * Writes the document of a query cursor: the one-series shape for a query of an id (which gives exactly one
     * series), the selection shape for a selector.
     *
     * @param query  the query.
     * @param series the series of the result.
     * @return the number of points written.
     */
    long write(final QueryRequest query, final SeriesCursor series) throws IOException {
        segment = sink.firstSegment();
        if (query.selector() == null) {
            if (!series.next()) {
                throw new IllegalStateException("a query of one id gave no series: seriesId="
                    + Long.toUnsignedString(query.seriesId()));
            }
            put(SERIES);
            putSeriesId(series.seriesId());
            putName(series.metric(), series.labels());
            return finishSeries(query, series.samples());
        }
        put(MATCH);
        putString(query.selector().toString());
        putRange(query);
        put(SERIES_ARRAY);
        long total = 0;
        boolean first = true;
        while (series.next()) {
            if (!first) {
                putByte(',');
            }
            first = false;
            put(ID);
            putSeriesId(series.seriesId());
            putName(series.metric(), series.labels());
            put(POINTS);
            final long count = putPoints(series.samples());
            put(COUNT);
            putLong(count);
            putByte('}');
            total += count;
        }
        put(SERIES_COUNT);
        putLong(series.seriesCount());
        put(TOTAL_COUNT);
        putLong(total);
        end();
        return total;
    }

    /** The rest of the one-series shape after the series' id and name. */
    private long finishSeries(final QueryRequest query, final SampleCursor samples) throws IOException {
        putRange(query);
        put(POINTS);
        final long count = putPoints(samples);
        put(COUNT);
        putLong(count);
        end();
        return count;
    }

    private void end() throws IOException {
        ensureRoom(2);
        segment.putByte(position++, (byte) '}');
        segment.putByte(position++, (byte) '\n');
        sink.finish(position);
    }

    private void putRange(final QueryRequest query) throws IOException {
        put(START);
        putLong(query.startMillis());
        put(END);
        putLong(query.endMillis());
        if (query.aggregation() != null) {
            put(STEP);
            putLong(query.stepMillis());
            put(AGG);
            putString(query.aggregation().label());
        }
    }

    /** {@code ,"metric":..,"labels":{..}} for a named series, nothing for a raw-id one. */
    private void putName(final String metric, final Labels labels) throws IOException {
        if (metric == null) {
            return;
        }
        put(METRIC);
        putString(metric);
        put(LABELS);
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                putByte(',');
            }
            putString(labels.name(i));
            putByte(':');
            putString(labels.value(i));
        }
        putByte('}');
    }

    /** Writes the samples as array elements up to, not including, the closing bracket. */
    private long putPoints(final SampleCursor cursor) throws IOException {
        long count = 0;
        int limit = segment.capacity() - MAX_POINT_LENGTH;
        while (cursor.next()) {
            if (position > limit) {
                nextSegment();
                limit = segment.capacity() - MAX_POINT_LENGTH;
            }
            final UnsafeBuffer buffer = segment;
            if (compact) {
                buffer.putByte(position, (byte) '[');
                putTimestamp(buffer, position + 1, cursor.timestampMillis());
                buffer.putByte(position, (byte) ',');
                putValue(buffer, position + 1, cursor.value());
                buffer.putByte(position, (byte) ']');
                buffer.putByte(position + 1, (byte) ',');
                position += 2;
                count++;
                continue;
            }
            buffer.putLong(position, TIMESTAMP_0, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(position + 8, TIMESTAMP_1, ByteOrder.LITTLE_ENDIAN);
            putTimestamp(buffer, position + TIMESTAMP_LENGTH, cursor.timestampMillis());
            buffer.putLong(position, VALUE_0, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(position + 8, VALUE_1, ByteOrder.LITTLE_ENDIAN);
            putValue(buffer, position + VALUE_LENGTH, cursor.value());
            buffer.putLong(position, POINT_END, ByteOrder.LITTLE_ENDIAN);
            position += 2;
            count++;
        }
        if (count > 0) {
            position--; // the last point's comma, always in the current segment
        }
        return count;
    }

    /** Writes a timestamp at {@code at}, its digits above the last eight copied from the cache. */
    private void putTimestamp(final UnsafeBuffer buffer, final int at, final long timestampMillis) {
        if (timestampMillis < JsonNumbers.EIGHT_DIGITS) {
            position = JsonNumbers.putLong(buffer, at, timestampMillis);
            return;
        }
        final long high = timestampMillis / JsonNumbers.EIGHT_DIGITS;
        if (high != cachedHigh) {
            if (high > MAX_CACHED_HIGH) { // beyond the year 5138
                position = JsonNumbers.putLong(buffer, at, timestampMillis);
                return;
            }
            cacheHigh(high);
        }
        buffer.putLong(at, cachedHighDigits, ByteOrder.LITTLE_ENDIAN);
        final int low = (int) (timestampMillis - high * JsonNumbers.EIGHT_DIGITS);
        JsonNumbers.put8Digits(buffer, at + cachedHighLength, low);
        position = at + cachedHighLength + 8;
    }

    private void cacheHigh(final long high) {
        final UnsafeBuffer digits = new UnsafeBuffer(new byte[JsonNumbers.MAX_NUMBER_LENGTH]);
        cachedHighLength = JsonNumbers.putLong(digits, 0, high);
        cachedHighDigits = digits.getLong(0, ByteOrder.LITTLE_ENDIAN);
        cachedHigh = high;
    }

    /**
     * Formats {@code timestamps} and {@code values} pairwise, {@code rounds} times, into a scratch buffer, through the
     * same methods as the points of a document ({@link QueryWarmups#numberFormats}).
     *
     * @return the sum of the end positions, so that the work cannot be dropped.
     */
    static long formatRepeatedly(final long[] timestamps, final double[] values, final int rounds) {
        final QueryJsonEncoder encoder = new QueryJsonEncoder(SegmentSink.copyingTo(OutputStream.nullOutputStream()));
        final UnsafeBuffer buffer = encoder.sink.firstSegment();
        long positions = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < values.length; i++) {
                encoder.putTimestamp(buffer, 0, timestamps[i]);
                encoder.putValue(buffer, encoder.position, values[i]);
                positions += encoder.position;
            }
        }
        return positions;
    }

    /** JSON has no NaN or infinities: those become the strings "NaN", "Infinity", "-Infinity". */
    private void putValue(final UnsafeBuffer buffer, final int at, final double value) {
        if (Double.isFinite(value)) {
            position = JsonNumbers.putDouble(buffer, at, value);
        } else {
            buffer.putByte(at, (byte) '"');
            final int end = JsonNumbers.putDouble(buffer, at + 1, value);
            buffer.putByte(end, (byte) '"');
            position = end + 1;
        }
    }

    /** A u64 id as a JSON string of its unsigned digits: a double (JavaScript, jq) would round it above 2^53. */
    private void putSeriesId(final long seriesId) throws IOException {
        ensureRoom(MAX_POINT_LENGTH);
        segment.putByte(position++, (byte) '"');
        if (seriesId >= 0) {
            position = JsonNumbers.putLong(segment, position, seriesId);
        } else { // above 2^63: the digits but the last fit a long
            position = JsonNumbers.putLong(segment, position, Long.divideUnsigned(seriesId, 10));
            segment.putByte(position++, (byte) ('0' + Long.remainderUnsigned(seriesId, 10)));
        }
        segment.putByte(position++, (byte) '"');
    }

    private void putLong(final long value) throws IOException {
        ensureRoom(MAX_POINT_LENGTH);
        position = JsonNumbers.putLong(segment, position, value);
    }

    /**
     * A JSON string, escaped as the Jackson generator escapes it; may span segments. Printable ASCII without quotes
     * or backslashes (names and labels as a rule) is copied as it is; anything else goes through Jackson's escaper.
     */
    private void putString(final String text) throws IOException {
        putByte('"');
        if (isPlainAscii(text)) {
            int from = 0;
            while (from < text.length()) {
                ensureRoom(1);
                final int count = Math.min(text.length() - from, segment.capacity() - position);
                position += segment.putStringWithoutLengthAscii(position, text, from, count);
                from += count;
            }
        } else {
            final byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(text);
            int from = 0;
            while (from < escaped.length) {
                ensureRoom(1);
                final int count = Math.min(escaped.length - from, segment.capacity() - position);
                segment.putBytes(position, escaped, from, count);
                position += count;
                from += count;
            }
        }
        putByte('"');
    }

    private static boolean isPlainAscii(final String text) {
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private void putByte(final char ascii) throws IOException {
        ensureRoom(1);
        segment.putByte(position++, (byte) ascii);
    }

    /** Writes a constant fragment, all of it in one segment. */
    private void put(final byte[] ascii) throws IOException {
        ensureRoom(ascii.length);
        segment.putBytes(position, ascii);
        position += ascii.length;
    }

    /** Moves to the next segment unless {@code length} bytes fit into the current one. */
    private void ensureRoom(final int length) throws IOException {
        if (position > segment.capacity() - length) {
            nextSegment();
        }
    }

    private void nextSegment() throws IOException {
        segment = sink.nextSegment(position);
        position = 0;
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Up to 8 ASCII characters as a little-endian long, zero bytes after them. */
    private static long asciiLong(final String text) {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[Long.BYTES]);
        bytes.putBytes(0, ascii(text));
        return bytes.getLong(0, ByteOrder.LITTLE_ENDIAN);
    }
}
