// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Parses one line of the InfluxDB line protocol over a byte array, recording positions instead of making strings:
 * <pre>
 * measurement[,tag_key=tag_value...] field_key=field_value[,field_key=field_value...] [timestamp]
 * </pre>
 * Measurement, tag keys, tag values and field keys escape {@code ,} {@code =} and space with a backslash; string
 * field values are double-quoted with {@code \"} and {@code \\} escapes. Field values: floats ({@code 1}, {@code
 * -1.5e3}), integers ({@code 7i}), booleans ({@code t T true True TRUE f F false False FALSE}) and strings. The
 * errors are InfluxDB's words for them.
 */
final class LineParser {
    /** A float field. */
    static final byte FLOAT = 0;
    /** An integer field ({@code i} suffix). */
    static final byte INTEGER = 1;
    /** A boolean field. */
    static final byte BOOLEAN = 2;
    /** A string field (not stored: ztsdb stores numbers). */
    static final byte STRING = 3;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long QUOTES = 0x2222222222222222L;

    private final NumberParser numbers = new NumberParser();
    private int seriesEnd;
    private int fieldCount;
    private int[] fieldKeyStart = new int[16];
    private int[] fieldKeyEnd = new int[16];
    private byte[] fieldType = new byte[16];
    private double[] fieldValue = new double[16];
    private boolean hasTimestamp;
    private long timestamp;

    /**
     * @param buf   the body.
     * @param start where the line starts.
     * @param limit the end of the body.
     * @return where the line ends (its newline, or {@code limit}); a newline inside a quoted string does not end it.
     */
    static int lineEnd(final byte[] buf, final int start, final int limit) {
        // Most lines have neither escapes nor string fields: find the first newline, backslash or quote eight
        // bytes at a time; only a line with a backslash or a quote before its newline needs the careful scan.
        int i = start;
        for (; i + Long.BYTES <= limit; i += Long.BYTES) {
            final long word = (long) LONG_LE.get(buf, i);
            final long found = firstByte(word, NEWLINES) | firstByte(word, BACKSLASHES) | firstByte(word, QUOTES);
            if (found != 0) {
                i += Long.numberOfTrailingZeros(found) >>> 3;
                return buf[i] == '\n' ? i : quotedLineEnd(buf, start, limit);
            }
        }
        for (; i < limit; i++) {
            final byte b = buf[i];
            if (b == '\n') {
                return i;
            }
            if (b == '\\' || b == '"') {
                return quotedLineEnd(buf, start, limit);
            }
        }
        return limit;
    }

    /**
     * @return the high bit of each byte of {@code word} equal to the byte repeated in {@code pattern}; the lowest
     *     set bit is exact (bits above a match may be spurious), which is all {@link #lineEnd} uses.
     */
    private static long firstByte(final long word, final long pattern) {
        final long x = word ^ pattern;
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }

    /** {@link #lineEnd} for a line with escapes or quotes: a byte at a time. */
    private static int quotedLineEnd(final byte[] buf, final int start, final int limit) {
        boolean fields = false;
        boolean quoted = false;
        for (int i = start; i < limit; i++) {
            final byte b = buf[i];
            if (b == '\\' && i + 1 < limit && buf[i + 1] != '\n') {
                i++;
            } else if (quoted) {
                quoted = b != '"';
            } else if (b == '\n') {
                return i;
            } else if (b == ' ') {
                fields = true;
            } else if (fields && b == '"' && i > start && buf[i - 1] == '=') {
                quoted = true;
            }
        }
        return limit;
    }

    /**
     * Parses the line {@code [start, end)}.
     *
     * @return null when it is valid, else why not.
     */
    String parse(final byte[] buf, final int start, final int end) {
        fieldCount = 0;
        hasTimestamp = false;
        int i = scan(buf, start, end);
        if (i == start) {
            return "missing measurement";
        }
        while (i < end && buf[i] == ',') {
            final int key = i + 1;
            i = scanKey(buf, key, end);
            if (i == key) {
                return "missing tag key";
            }
            if (i >= end || buf[i] != '=') {
                return "missing tag value";
            }
            final int value = i + 1;
            i = scan(buf, value, end);
            if (i == value) {
                return "missing tag value";
            }
        }
        seriesEnd = i;
        if (i >= end || buf[i] != ' ') {
            return "missing fields";
        }
        while (i < end && buf[i] == ' ') {
            i++;
        }
        if (i >= end) {
            return "missing fields";
        }
        final String fieldError = fields(buf, i, end);
        if (fieldError != null) {
            return fieldError;
        }
        return null;
    }

    private String fields(final byte[] buf, final int from, final int end) {
        int i = from;
        while (true) {
            final int key = i;
            i = scanKey(buf, key, end);
            if (i == key) {
                return "missing field key";
            }
            if (i >= end || buf[i] != '=') {
                return "missing field value";
            }
            final int keyEnd = i;
            i++;
            final int valueEnd;
            if (i < end && buf[i] == '"') {
                valueEnd = closingQuote(buf, i + 1, end);
                if (valueEnd < 0) {
                    return "unbalanced quotes";
                }
                add(key, keyEnd, STRING, 0);
                i = valueEnd + 1;
            } else {
                valueEnd = scan(buf, i, end);
                final String error = value(buf, key, keyEnd, i, valueEnd);
                if (error != null) {
                    return error;
                }
                i = valueEnd;
            }
            if (i >= end) {
                return null;
            }
            if (buf[i] == ',') {
                i++;
                continue;
            }
            if (buf[i] != ' ') {
                return "invalid field format";
            }
            return timestamp(buf, i, end);
        }
    }

    private String value(final byte[] buf, final int key, final int keyEnd, final int start, final int end) {
        if (start == end) {
            return "missing field value";
        }
        final byte last = buf[end - 1];
        if (last == 'i' && end - start > 1) {
            final long parsed = numbers.parseLong(buf, start, end - 1);
            if (numbers.failed()) {
                return "invalid number";
            }
            add(key, keyEnd, INTEGER, parsed);
            return null;
        }
        final byte first = buf[start];
        if (!(first >= '0' && first <= '9') && first != '-' && first != '.') {
            // Not a number: a boolean or nothing.
            final int bool = NumberParser.parseBoolean(buf, start, end);
            if (bool < 0) {
                return "invalid boolean";
            }
            add(key, keyEnd, BOOLEAN, bool);
            return null;
        }
        final double parsed = numbers.parseDouble(buf, start, end);
        if (numbers.failed()) {
            return "invalid number";
        }
        add(key, keyEnd, FLOAT, parsed);
        return null;
    }

    private String timestamp(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end && buf[i] == ' ') {
            i++;
        }
        int stop = end;
        while (stop > i && (buf[stop - 1] == ' ' || buf[stop - 1] == '\r')) {
            stop--;
        }
        if (i == stop) {
            return null;
        }
        timestamp = numbers.parseLong(buf, i, stop);
        if (numbers.failed()) {
            return "bad timestamp";
        }
        hasTimestamp = true;
        return null;
    }

    private void add(final int keyStart, final int keyEnd, final byte type, final double value) {
        if (fieldCount == fieldType.length) {
            fieldKeyStart = Arrays.copyOf(fieldKeyStart, fieldCount * 2);
            fieldKeyEnd = Arrays.copyOf(fieldKeyEnd, fieldCount * 2);
            fieldType = Arrays.copyOf(fieldType, fieldCount * 2);
            fieldValue = Arrays.copyOf(fieldValue, fieldCount * 2);
        }
        fieldKeyStart[fieldCount] = keyStart;
        fieldKeyEnd[fieldCount] = keyEnd;
        fieldType[fieldCount] = type;
        fieldValue[fieldCount] = value;
        fieldCount++;
    }

    /** @return the end of an unescaped run: up to {@code ,} or space. */
    private static int scan(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end) {
            final byte b = buf[i];
            if (b == '\\' && i + 1 < end) {
                i += 2;
                continue;
            }
            if (b == ',' || b == ' ') {
                return i;
            }
            i++;
        }
        return end;
    }

    private static int scanKey(final byte[] buf, final int from, final int end) {
        int i = from;
        while (i < end) {
            final byte b = buf[i];
            if (b == '\\' && i + 1 < end) {
                i += 2;
                continue;
            }
            if (b == ',' || b == ' ' || b == '=') {
                return i;
            }
            i++;
        }
        return end;
    }

    private static int closingQuote(final byte[] buf, final int from, final int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\\' && i + 1 < end) {
                i++;
            } else if (buf[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** @return where the measurement and tags end (the space before the fields). */
    int seriesEnd() {
        return seriesEnd;
    }

    int fieldCount() {
        return fieldCount;
    }

    int fieldKeyStart(final int field) {
        return fieldKeyStart[field];
    }

    int fieldKeyEnd(final int field) {
        return fieldKeyEnd[field];
    }

    byte fieldType(final int field) {
        return fieldType[field];
    }

    double fieldValue(final int field) {
        return fieldValue[field];
    }

    boolean hasTimestamp() {
        return hasTimestamp;
    }

    long timestamp() {
        return timestamp;
    }
}
