// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.PointBuffer;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks the lines of a body: each numeric field of a valid line is a point of the series keyed by the line's raw
 * measurement and tags plus the field key, looked up in the {@link SeriesIdCache}. A bad line is reported, the
 * others are written, as InfluxDB does. The same three passes as remote write: FAST (stops at the first unknown
 * series), COLLECT (lists the unknown series) and WRITE (with their ids). A plain line of known series is read in
 * one pass by {@link PlainLine}; any other line (escapes, strings, booleans, new series, errors) by
 * {@link LineParser}, which both accept the same lines with the same points.
 */
public final class LineProtocolDecoder {
    /** Bad lines reported in one answer at most. */
    static final int MAX_REPORTED_ERRORS = 100;
    private static final int MAX_QUOTED_LINE = 1024;
    /**
     * Most bytes of series keys one request holds. A key repeats the line's measurement and tags per field, so a body
     * of long tags and many fields would otherwise need its length squared.
     */
    static final int MAX_KEY_BYTES = 64 << 20;

    /** What a pass does with a series the cache does not know. */
    public enum Pass {
        /** Stop at the first unknown series. */
        FAST,
        /** List the unknown series. */
        COLLECT,
        /** Write with the registered ids. */
        WRITE
    }

    private final SeriesIdCache cache;
    private final PlainLine plain = new PlainLine();
    private final boolean plainLines;
    private final LineParser parser = new LineParser();
    private final List<String> errors = new ArrayList<>();
    private int badLines;
    private int stringFields;

    /** @param cache ids of known series by key. */
    public LineProtocolDecoder(final SeriesIdCache cache) {
        this(cache, true);
    }

    /**
     * @param cache      ids of known series by key.
     * @param plainLines whether plain lines take the one-pass path ({@link PlainLine}); without it every line goes
     *                   through {@link LineParser} (the tests compare the two).
     */
    LineProtocolDecoder(final SeriesIdCache cache, final boolean plainLines) {
        this.cache = cache;
        this.plainLines = plainLines;
    }

    /**
     * @param scratch   the request's buffers: {@code inflated} holds the body.
     * @param pass      what to do with unknown series.
     * @param now       milliseconds for lines without a timestamp.
     * @param precision of the timestamps.
     * @param collected COLLECT: receives the unknown series.
     * @param newSeries COLLECT: receives the unknown series by key hash; WRITE: the registered ones.
     * @return false when a FAST pass met an unknown series (discard its points).
     */
    public boolean decode(final IngestScratch scratch, final Pass pass, final long now, final Precision precision,
        final List<NewSeries> collected, final Map<Long, NewSeries> newSeries) {
        errors.clear();
        badLines = 0;
        stringFields = 0;
        final byte[] body = scratch.inflated.array();
        final int limit = scratch.inflated.length();
        final PointBuffer points = pass == Pass.COLLECT ? null : scratch.points;
        int start = 0;
        while (start < limit) {
            final byte b = body[start];
            if (plainLines && b != ' ' && b != '\t' && b != '\r' && b != '#' && b != '\n') {
                final int plainEnd = plain.read(body, start, limit, cache, points, precision, now,
                    scratch.key.length(), MAX_KEY_BYTES);
                if (plainEnd >= 0) {
                    start = plainEnd + 1;
                    continue;
                }
            }
            final int end = LineParser.lineEnd(body, start, limit);
            int first = start;
            while (first < end && (body[first] == ' ' || body[first] == '\t' || body[first] == '\r')) {
                first++;
            }
            if (first < end && body[first] != '#' && !line(scratch, pass, body, first, trimEnd(body, first, end), now,
                precision, collected, newSeries)) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static int trimEnd(final byte[] body, final int start, final int end) {
        int stop = end;
        while (stop > start && body[stop - 1] == '\r') {
            stop--;
        }
        return stop;
    }

    private boolean line(final IngestScratch scratch, final Pass pass, final byte[] body, final int start,
        final int end, final long now, final Precision precision, final List<NewSeries> collected,
        final Map<Long, NewSeries> newSeries) {
        final String error = parser.parse(body, start, end);
        if (error != null) {
            fail(body, start, end, error);
            return true;
        }
        long millis = now;
        if (parser.hasTimestamp()) {
            millis = precision.toMillis(parser.timestamp());
            if (millis == Long.MIN_VALUE) {
                fail(body, start, end, "time outside range");
                return true;
            }
        }
        final ByteArray key = scratch.key;
        final int pointsBefore = scratch.points.count();
        final int seriesLength = parser.seriesEnd() - start + 1;
        for (int f = 0; f < parser.fieldCount(); f++) {
            if (parser.fieldType(f) == LineParser.STRING) {
                stringFields++;
                continue;
            }
            final int keyStart = key.length();
            if ((long) keyStart + parser.seriesEnd() - start + 1 + parser.fieldKeyEnd(f) - parser.fieldKeyStart(f)
                > MAX_KEY_BYTES) {
                scratch.points.truncate(pointsBefore);
                fail(body, start, end, "too many series in one request: their keys exceed " + MAX_KEY_BYTES
                    + " bytes; send smaller requests");
                return true;
            }
            key.append(body, start, parser.seriesEnd() - start);
            key.append((byte) ' ');
            key.append(body, parser.fieldKeyStart(f), parser.fieldKeyEnd(f) - parser.fieldKeyStart(f));
            final int keyLength = key.length() - keyStart;
            final long hash = PlainLine.keyHash(SeriesIdCache.hash(key.array(), keyStart, seriesLength),
                SeriesIdCache.hash(key.array(), keyStart + seriesLength, keyLength - seriesLength));
            long id = cache.get(key.array(), keyStart, keyLength, hash);
            if (id == 0 && pass == Pass.FAST) {
                return false;
            }
            if (id == 0 && pass == Pass.COLLECT) {
                if (!newSeries.containsKey(hash)) {
                    final NewSeries series = LineNames.series(body, start, parser.seriesEnd(),
                        parser.fieldKeyStart(f), parser.fieldKeyEnd(f), keyStart, keyLength, hash);
                    newSeries.put(hash, series);
                    collected.add(series);
                    continue;
                }
            } else if (id == 0) {
                final NewSeries series = newSeries.get(hash);
                id = series == null ? 0 : series.id();
                if (id == 0) {
                    // One refused field refuses its line, as a type conflict does in InfluxDB.
                    scratch.points.truncate(pointsBefore);
                    key.length(keyStart);
                    fail(body, start, end, series == null ? "series not registered" : series.error());
                    return true;
                }
            }
            key.length(keyStart);
            if (pass == Pass.WRITE || pass == Pass.FAST) {
                scratch.points.add(id, millis, parser.fieldValue(f));
            }
        }
        return true;
    }

    private void fail(final byte[] body, final int start, final int end, final String reason) {
        badLines++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            int shown = Math.min(end - start, MAX_QUOTED_LINE);
            while (shown > 0 && (body[start + shown - 1] == '\n' || body[start + shown - 1] == '\r')) {
                shown--;
            }
            errors.add("unable to parse '" + new String(body, start, shown, StandardCharsets.UTF_8) + "': " + reason);
        }
    }

    /** @return the bad lines of the last pass, at most {@link #MAX_REPORTED_ERRORS}, InfluxDB's wording. */
    public List<String> errors() {
        return errors;
    }

    /** @return how many lines the last pass refused. */
    public int badLines() {
        return badLines;
    }

    /** @return string fields the last pass skipped (ztsdb stores numbers). */
    int stringFields() {
        return stringFields;
    }
}
