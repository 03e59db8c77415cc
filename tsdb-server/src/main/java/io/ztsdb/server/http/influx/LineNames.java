// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.influx;

import io.ztsdb.server.ingest.NewSeries;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of a line's field: metric {@code measurement_field}, labels the line's tags, names unescaped as
 * InfluxDB unescapes them and then mapped to ztsdb's name rules (a character outside {@code [A-Za-z0-9_:.]} in a
 * metric, or {@code [A-Za-z0-9_.]} in a label name, becomes {@code _}; a name that would start with a digit gets a
 * {@code _} in front; a label name starting with {@code __}, reserved, loses one {@code _}). Tag values are kept as
 * they are. Used only for series not yet cached, so it may allocate.
 */
final class LineNames {
    private LineNames() {
    }

    /**
     * @param body      the request body.
     * @param lineStart where the line starts.
     * @param seriesEnd where its measurement and tags end.
     * @param fieldKey  where the field key starts.
     * @param fieldEnd  where it ends.
     * @param keyOffset where the series' cache key lies in the key buffer, with its length and hash.
     */
    static NewSeries series(final byte[] body, final int lineStart, final int seriesEnd, final int fieldKey,
        final int fieldEnd, final int keyOffset, final int keyLength, final long keyHash) {
        int i = lineStart;
        while (i < seriesEnd && !(body[i] == ',' && !escaped(body, lineStart, i))) {
            i++;
        }
        final String measurement = unescape(body, lineStart, i, false);
        final String field = unescape(body, fieldKey, fieldEnd, true);
        final List<String> pairs = new ArrayList<>();
        while (i < seriesEnd) {
            final int key = i + 1;
            int equals = key;
            while (equals < seriesEnd && !(body[equals] == '=' && !escaped(body, key, equals))) {
                equals++;
            }
            int next = equals + 1;
            while (next < seriesEnd && !(body[next] == ',' && !escaped(body, equals + 1, next))) {
                next++;
            }
            pairs.add(labelName(unescape(body, key, equals, true)));
            pairs.add(unescape(body, equals + 1, next, true));
            i = next;
        }
        return new NewSeries(metricName(measurement + "_" + field), pairs.toArray(String[]::new), keyOffset,
            keyLength, keyHash);
    }

    private static boolean escaped(final byte[] body, final int from, final int at) {
        int backslashes = 0;
        for (int i = at - 1; i >= from && body[i] == '\\'; i--) {
            backslashes++;
        }
        return (backslashes & 1) == 1;
    }

    /** Removes the backslash before {@code ,} and space (and {@code =} when {@code equalsToo}). */
    static String unescape(final byte[] body, final int start, final int end, final boolean equalsToo) {
        final byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            final byte b = body[i];
            if (b == '\\' && i + 1 < end) {
                final byte next = body[i + 1];
                if (next == ',' || next == ' ' || (equalsToo && next == '=')) {
                    out[n++] = next;
                    i++;
                    continue;
                }
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    static String metricName(final String name) {
        return mapped(name, true);
    }

    static String labelName(final String name) {
        final String mapped = mapped(name, false);
        return mapped.startsWith("__") ? mapped.substring(1) : mapped;
    }

    private static String mapped(final String name, final boolean metric) {
        final StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || c == '.' || (metric && c == ':');
            sb.append(ok ? c : '_');
        }
        if (sb.isEmpty() || (sb.charAt(0) >= '0' && sb.charAt(0) <= '9') || sb.charAt(0) == '.') {
            sb.insert(0, '_');
        }
        return sb.toString();
    }
}
