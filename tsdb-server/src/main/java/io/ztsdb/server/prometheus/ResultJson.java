// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.LabelSet;
import io.ztsdb.core.promql.QueryResult;

import java.io.IOException;

/**
 * Writes query results as Prometheus' API does: {@code {"resultType":"vector","result":[{"metric":{...},
 * "value":[1435781451.781,"1"]}]}}, timestamps as seconds with at most three decimals, values as strings in
 * Go's {@code 'f'} format ({@code NaN}, {@code +Inf}, {@code -Inf}).
 */
final class ResultJson {
    private ResultJson() {
    }

    static void write(final JsonGenerator json, final QueryResult result) throws IOException {
        json.writeStartObject();
        json.writeStringField("resultType", result.type().apiName());
        json.writeFieldName("result");
        switch (result.type()) {
            case SCALAR -> point(json, result.timeMillis(), GoFloat.formatPlain(result.scalarValue()));
            case STRING -> point(json, result.timeMillis(), result.stringValue());
            case VECTOR -> {
                json.writeStartArray();
                for (final QueryResult.Series s : result.series()) {
                    json.writeStartObject();
                    labels(json, "metric", s.labels());
                    json.writeFieldName("value");
                    point(json, result.timeMillis(), GoFloat.formatPlain(s.value(0)));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            default -> {
                json.writeStartArray();
                final StringBuilder points = new StringBuilder(4096);
                char[] chars = new char[4096];
                for (final QueryResult.Series s : result.series()) {
                    json.writeStartObject();
                    labels(json, "metric", s.labels());
                    json.writeFieldName("values");
                    // The points need no escaping: written as one raw value, without a token per number.
                    points.setLength(0);
                    points.append('[');
                    for (int i = 0; i < s.size(); i++) {
                        if (i > 0) {
                            points.append(',');
                        }
                        appendTimestamp(points.append('['), s.timestampMillis(i));
                        points.append(",\"").append(GoFloat.formatPlain(s.value(i))).append("\"]");
                    }
                    points.append(']');
                    if (chars.length < points.length()) {
                        chars = new char[points.length() * 2];
                    }
                    points.getChars(0, points.length(), chars, 0);
                    json.writeRawValue(chars, 0, points.length());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
        }
        json.writeEndObject();
    }

    static void labels(final JsonGenerator json, final String field, final LabelSet labels) throws IOException {
        if (field != null) {
            json.writeFieldName(field);
        }
        json.writeStartObject();
        for (int i = 0; i < labels.size(); i++) {
            json.writeStringField(labels.name(i), labels.value(i));
        }
        json.writeEndObject();
    }

    private static void point(final JsonGenerator json, final long millis, final String value) throws IOException {
        json.writeStartArray();
        json.writeNumber(timestamp(millis));
        json.writeString(value);
        json.writeEndArray();
    }

    /** Prometheus' {@code marshalTimestamp}: {@code 1435781451.781}, {@code 1435781451.050}, {@code 1435781451}. */
    static String timestamp(final long millis) {
        return appendTimestamp(new StringBuilder(24), millis).toString();
    }

    private static StringBuilder appendTimestamp(final StringBuilder sb, final long millis) {
        final long abs = Math.abs(millis);
        final long fraction = abs % 1000;
        if (millis < 0) {
            sb.append('-');
        }
        sb.append(abs / 1000);
        if (fraction != 0) {
            sb.append('.');
            if (fraction < 100) {
                sb.append('0');
            }
            if (fraction < 10) {
                sb.append('0');
            }
            sb.append(fraction);
        }
        return sb;
    }
}
