// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.core.SampleCursor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answer of {@code GET /query?series=ID} as
 * {@code {"series":ID,"start":..,"end":..,"points":[{"timestamp":..,"value":..},...],"count":N}} and a newline,
 * byte for byte what the Jackson generator writes (values as {@link Double#toString}, NaN and infinities as
 * strings), straight into the segments of a {@link SegmentSink}.
 * <p>
 * <b>Design note:</b> the generic generator spent more time than the scan itself: per point it checked the
 * output context four times, escaped two field names and built a {@code String} for the double (JFR: Jackson
 * 28 %, {@code Double.toString} 24 % of the server's CPU for 86,400 points). Here the field names are constant
 * longs stored 8 bytes at a time and numbers are formatted by {@link JsonNumbers}, in place. A store may reach up
 * to {@link #MAX_POINT_LENGTH} bytes past the position, so a segment is handed over once less than that is left.
 * One instance per request; not thread-safe.
 */
final class QueryJsonEncoder {
    private static final int MAX_POINT_LENGTH = 64 + 2 * JsonNumbers.MAX_NUMBER_LENGTH;
    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] START = ascii(",\"start\":");
    private static final byte[] END = ascii(",\"end\":");
    private static final byte[] POINTS = ascii(",\"points\":[");
    private static final byte[] COUNT = ascii("],\"count\":");
    /** {@code {"timestamp":} (13 bytes) in two longs. */
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
        this.sink = sink;
    }

    /**
     * Writes the whole document: the header, every sample of {@code cursor}, the count.
     *
     * @return the number of points written.
     */
    long write(final long seriesId, final long start, final long end, final SampleCursor cursor)
        throws IOException {
        segment = sink.firstSegment();
        put(SERIES);
        if (seriesId >= 0) {
            position = JsonNumbers.putLong(segment, position, seriesId);
        } else {
            put(ascii(Long.toUnsignedString(seriesId)));
        }
        put(START);
        position = JsonNumbers.putLong(segment, position, start);
        put(END);
        position = JsonNumbers.putLong(segment, position, end);
        put(POINTS);
        long count = 0;
        int limit = segment.capacity() - MAX_POINT_LENGTH;
        while (cursor.next()) {
            if (position > limit) {
                nextSegment();
                limit = segment.capacity() - MAX_POINT_LENGTH;
            }
            final UnsafeBuffer buffer = segment;
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
            position--; // the last point's comma
        }
        if (position > segment.capacity() - MAX_POINT_LENGTH) {
            nextSegment();
        }
        put(COUNT);
        position = JsonNumbers.putLong(segment, position, count);
        segment.putByte(position++, (byte) '}');
        segment.putByte(position++, (byte) '\n');
        sink.finish(position);
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

    private void put(final byte[] ascii) {
        segment.putBytes(position, ascii);
        position += ascii.length;
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
