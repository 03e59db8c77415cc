// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

import io.ztsdb.core.SampleCursor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the answer of {@code GET /query?series=ID} as
 * {@code {"series":ID,"start":..,"end":..,"points":[{"timestamp":..,"value":..},...],"count":N}} and a newline,
 * byte for byte what the Jackson generator writes (values as {@link Double#toString}, NaN and infinities as
 * strings), but with pre-encoded field names and numbers formatted by {@link JsonNumbers} into a scratch array
 * that goes to the output stream in 16 KiB pieces.
 * <p>
 * <b>Design note:</b> the generic generator spent more time than the scan itself: per point it checked the
 * output context four times, escaped two field names and built a {@code String} for the double (JFR: Jackson
 * 28 %, {@code Double.toString} 24 % of the server's CPU for 86,400 points). One instance per request; not
 * thread-safe.
 */
final class QueryJsonEncoder {
    private static final int SCRATCH_BYTES = 16 * 1024;
    private static final int MAX_POINT_LENGTH = 64 + 2 * JsonNumbers.MAX_NUMBER_LENGTH;
    private static final byte[] SERIES = ascii("{\"series\":");
    private static final byte[] START = ascii(",\"start\":");
    private static final byte[] END = ascii(",\"end\":");
    private static final byte[] POINTS = ascii(",\"points\":[");
    private static final byte[] TIMESTAMP = ascii("{\"timestamp\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] COUNT = ascii("],\"count\":");

    private final byte[] scratch = new byte[SCRATCH_BYTES];
    private final byte[] cachedHighDigits = new byte[JsonNumbers.MAX_NUMBER_LENGTH];
    private long cachedHigh = -1;
    private int cachedHighLength;
    private final OutputStream out;
    private int position;

    /**
     * @param out where the document goes; not closed here.
     */
    QueryJsonEncoder(final OutputStream out) {
        this.out = out;
    }

    /**
     * Writes the whole document: the header, every sample of {@code cursor}, the count.
     *
     * @return the number of points written.
     */
    long write(final long seriesId, final long start, final long end, final SampleCursor cursor)
        throws IOException {
        put(SERIES);
        if (seriesId >= 0) {
            position = JsonNumbers.putLong(scratch, position, seriesId);
        } else {
            put(ascii(Long.toUnsignedString(seriesId)));
        }
        put(START);
        position = JsonNumbers.putLong(scratch, position, start);
        put(END);
        position = JsonNumbers.putLong(scratch, position, end);
        put(POINTS);
        long count = 0;
        while (cursor.next()) {
            if (position > SCRATCH_BYTES - MAX_POINT_LENGTH) {
                flush();
            }
            if (count > 0) {
                scratch[position++] = ',';
            }
            put(TIMESTAMP);
            putTimestamp(cursor.timestampMillis());
            put(VALUE);
            putValue(cursor.value());
            scratch[position++] = '}';
            count++;
        }
        if (position > SCRATCH_BYTES - MAX_POINT_LENGTH) {
            flush();
        }
        put(COUNT);
        position = JsonNumbers.putLong(scratch, position, count);
        scratch[position++] = '}';
        scratch[position++] = '\n';
        flush();
        return count;
    }

    /**
     * Writes a timestamp; the digits above the last eight change once in 10^8 ms (28 h), so they are formatted
     * once and copied.
     */
    private void putTimestamp(final long timestampMillis) {
        if (timestampMillis < JsonNumbers.EIGHT_DIGITS) {
            position = JsonNumbers.putLong(scratch, position, timestampMillis);
            return;
        }
        final long high = timestampMillis / JsonNumbers.EIGHT_DIGITS;
        if (high != cachedHigh) {
            cachedHighLength = JsonNumbers.putLong(cachedHighDigits, 0, high);
            cachedHigh = high;
        }
        System.arraycopy(cachedHighDigits, 0, scratch, position, cachedHighLength);
        JsonNumbers.put8Digits(scratch, position + cachedHighLength,
            (int) (timestampMillis - high * JsonNumbers.EIGHT_DIGITS));
        position += cachedHighLength + 8;
    }

    /** JSON has no NaN or infinities: those become the strings "NaN", "Infinity", "-Infinity". */
    private void putValue(final double value) {
        if (Double.isFinite(value)) {
            position = JsonNumbers.putDouble(scratch, position, value);
        } else {
            scratch[position++] = '"';
            position = JsonNumbers.putDouble(scratch, position, value);
            scratch[position++] = '"';
        }
    }

    private void put(final byte[] bytes) {
        System.arraycopy(bytes, 0, scratch, position, bytes.length);
        position += bytes.length;
    }

    private void flush() throws IOException {
        out.write(scratch, 0, position);
        position = 0;
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
