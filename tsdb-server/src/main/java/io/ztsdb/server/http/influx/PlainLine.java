// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.ztsdb.server.ingest.PointBuffer;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The common line, read in one forward pass over its bytes: measurement and tags up to the first space, one space,
 * numeric fields whose series the cache knows, one space and a timestamp, or none, then the newline. No escapes, no
 * quotes, no booleans, no extra spaces or carriage returns: a line with any of them, a series the cache does not
 * know, or anything that is not valid, is left untouched for {@link LineParser}, which gives the same points for
 * what this class accepts and InfluxDB's error for the rest.
 *
 * <p>The measurement and tags are not checked here: the cache holds only keys of series registered from lines the
 * careful parse accepted, and a key without escapes fixes where the tags end, so a key the cache knows has valid
 * tags. The key of a field is the line's bytes up to and including its first space followed by the field key, as
 * the careful path builds it; it is hashed in two parts ({@link #keyHash}), the tags once per line.
 */
final class PlainLine {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
        ByteOrder.LITTLE_ENDIAN);
    /** Space, newline, quote and the other bytes below {@code #}. */
    private static final long LOW_BYTES = 0x2323232323232323L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;
    private static final long MAX_TIMESTAMP_PREFIX = Long.MAX_VALUE / 10;

    private final NumberParser numbers = new NumberParser();
    private long[] ids = new long[16];
    private double[] values = new double[16];
    private long seriesHash;

    /**
     * {@return the hash of a line-protocol series key} from the hash of the line's bytes up to and including the
     * space after its tags and the hash of the field key, both by {@link SeriesIdCache#hash}.
     */
    static long keyHash(final long seriesHash, final long fieldHash) {
        final long h = (seriesHash + Long.rotateLeft(fieldHash, 32)) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    /**
     * Reads the line starting at {@code start} if it is a plain one, adding its points.
     *
     * @param points    receives the points, or null to only read the line (they are counted, not kept).
     * @param keyBytes  key bytes the request holds already: a line whose keys would pass {@code maxKeyBytes} is left
     *                  to the careful path, which refuses it.
     * @return where the line ends (its newline or {@code limit}), -1 when the line is not plain (nothing added).
     */
    int read(final byte[] body, final int start, final int limit, final SeriesIdCache cache, final PointBuffer points,
        final Precision precision, final long now, final int keyBytes, final int maxKeyBytes) {
        final int space = seriesEnd(body, start, limit);
        if (space < 0) {
            return -1;
        }
        final int seriesLength = space + 1 - start;
        int fields = 0;
        int i = space + 1;
        while (true) {
            final int key = i;
            i = fieldKeyEnd(body, key, limit);
            if (i < 0 || (long) keyBytes + seriesLength + i - key > maxKeyBytes) {
                return -1;
            }
            final long id = cache.get(body, start, seriesLength, key, i - key,
                keyHash(seriesHash, SeriesIdCache.hash(body, key, i - key)));
            i = id == 0 ? -1 : numbers.plainValue(body, i + 1, limit);
            if (i < 0) {
                return -1;
            }
            add(fields++, id, numbers.value());
            if (i == limit || body[i] == '\n') {
                return write(points, fields, now, i);
            }
            if (body[i] == ' ') {
                break;
            }
            if (body[i] != ',') {
                return -1;
            }
            i++;
        }
        return timestamp(body, i + 1, limit, points, fields, precision);
    }

    /** @return where the plain timestamp at {@code from} ends after writing the points, -1 when it is not plain. */
    private int timestamp(final byte[] body, final int from, final int limit, final PointBuffer points,
        final int fields, final Precision precision) {
        int i = from;
        final boolean negative = i < limit && body[i] == '-';
        if (negative) {
            i++;
        }
        final int digitsStart = i;
        long timestamp = 0;
        // Up to 18 digits cannot overflow; a 19th only when certain not to, more never (the careful path decides).
        final int safeEnd = Math.min(limit, digitsStart + 18);
        for (int digit; i < safeEnd && (digit = body[i] - '0') >= 0 && digit <= 9; i++) {
            timestamp = timestamp * 10 + digit;
        }
        if (i == safeEnd && i < limit && body[i] >= '0' && body[i] <= '9') {
            if (timestamp >= MAX_TIMESTAMP_PREFIX) {
                return -1;
            }
            timestamp = timestamp * 10 + (body[i++] - '0');
        }
        if (i == digitsStart || (i < limit && body[i] != '\n')) {
            return -1;
        }
        final long millis = precision.toMillis(negative ? -timestamp : timestamp);
        return millis == Long.MIN_VALUE ? -1 : write(points, fields, millis, i);
    }

    private int write(final PointBuffer points, final int fields, final long millis, final int end) {
        if (points != null) {
            for (int f = 0; f < fields; f++) {
                points.add(ids[f], millis, values[f]);
            }
        }
        return end;
    }

    private void add(final int field, final long id, final double value) {
        if (field == ids.length) {
            ids = Arrays.copyOf(ids, field * 2);
            values = Arrays.copyOf(values, field * 2);
        }
        ids[field] = id;
        values[field] = value;
    }

    /**
     * Finds the first space of the line and hashes the line up to it, space included, eight bytes at a time.
     *
     * @return where the space is, -1 unless it comes before any newline, backslash, quote or other byte below
     *     {@code #}; the hash is then {@link #seriesHash}. (A second space is no field key: {@link #fieldKeyEnd}
     *     refuses it.)
     */
    private int seriesEnd(final byte[] body, final int start, final int limit) {
        long h = 0;
        int i = start;
        for (; i + Long.BYTES <= limit; i += Long.BYTES) {
            final long word = (long) LONG_LE.get(body, i);
            final long found = below(word, LOW_BYTES) | firstByte(word, BACKSLASHES);
            if (found != 0) {
                final int bytes = (Long.numberOfTrailingZeros(found) >>> 3) + 1;
                final int at = i + bytes - 1;
                seriesHash = bytes == Long.BYTES ? SeriesIdCache.hashEnd(SeriesIdCache.hashWord(h, word), 0, at + 1
                    - start) : SeriesIdCache.hashEnd(h, word & (-1L >>> (64 - 8 * bytes)), at + 1 - start);
                return plainSpace(body, start, at, limit);
            }
            h = SeriesIdCache.hashWord(h, word);
        }
        for (; i < limit; i++) {
            final byte b = body[i];
            if ((b >= 0 && b < '#') || b == '\\') {
                seriesHash = SeriesIdCache.hash(body, start, i + 1 - start);
                return plainSpace(body, start, i, limit);
            }
        }
        return -1;
    }

    private static int plainSpace(final byte[] body, final int start, final int at, final int limit) {
        return at > start && body[at] == ' ' ? at : -1;
    }

    /**
     * @return the high bit of each byte of {@code word} below the byte repeated in {@code pattern} (bytes of 0x80 and
     *     more, UTF-8, are not below); the lowest set bit is exact (bits above a match may be spurious).
     */
    private static long below(final long word, final long pattern) {
        return (word - pattern) & ~word & 0x8080808080808080L;
    }

    /** @return where the plain field key at {@code from} ends (its {@code =}), -1 when it is not plain. */
    private static int fieldKeyEnd(final byte[] body, final int from, final int limit) {
        for (int i = from; i < limit; i++) {
            final byte b = body[i];
            if (b == '=') {
                return i > from ? i : -1;
            }
            if (b == ' ' || b == ',' || b == '\n' || b == '\\' || b == '"') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * @return the high bit of each byte of {@code word} equal to the byte repeated in {@code pattern}; the lowest
     *     set bit is exact (bits above a match may be spurious), which is all that is used.
     */
    private static long firstByte(final long word, final long pattern) {
        final long x = word ^ pattern;
        return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
    }
}
