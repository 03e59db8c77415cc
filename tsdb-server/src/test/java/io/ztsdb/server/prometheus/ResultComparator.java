// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two Prometheus API answers: same status; for errors the same error type; for results the same type,
 * the same label sets, the same timestamps, values equal within 1e-9 relative (NaN equals NaN). Series order
 * counts only for the top-level {@code sort}/{@code sort_desc} of an instant query.
 */
final class ResultComparator {
    static final double RELATIVE_TOLERANCE = 1e-9;
    /** Below this, two values are equal whatever their ratio (e.g. 0 against a 1e-17 rounding residue). */
    static final double ABSOLUTE_TOLERANCE = 1e-12;

    private ResultComparator() {
    }

    /** @return null when equal, else what differs. */
    static String compare(final JsonNode expected, final JsonNode actual, final boolean ordered) {
        final String status = expected.path("status").asText();
        if (!status.equals(actual.path("status").asText())) {
            return "status " + status + " vs " + actual.path("status").asText() + ": prometheus=" +
                brief(expected) + " ztsdb=" + brief(actual);
        }
        if (status.equals("error")) {
            final String type = expected.path("errorType").asText();
            return type.equals(actual.path("errorType").asText()) ? null : "errorType " + type + " vs " +
                actual.path("errorType").asText() + " (" + expected.path("error").asText() + " | " +
                actual.path("error").asText() + ")";
        }
        final JsonNode e = expected.path("data");
        final JsonNode a = actual.path("data");
        final String type = e.path("resultType").asText();
        if (!type.equals(a.path("resultType").asText())) {
            return "resultType " + type + " vs " + a.path("resultType").asText();
        }
        return switch (type) {
            case "scalar", "string" -> point(e.path("result"), a.path("result"), type.equals("string"));
            default -> series(e.path("result"), a.path("result"), type.equals("matrix") ? "values" : "value",
                ordered);
        };
    }

    private static String series(final JsonNode expected, final JsonNode actual, final String field,
        final boolean ordered) {
        if (expected.size() != actual.size()) {
            return "series count " + expected.size() + " vs " + actual.size() + ": prometheus=" +
                metrics(expected) + " ztsdb=" + metrics(actual);
        }
        final Map<String, JsonNode> byMetric = new HashMap<>();
        for (final JsonNode s : actual) {
            byMetric.put(metric(s.path("metric")), s);
        }
        int index = 0;
        for (final JsonNode s : expected) {
            final String metric = metric(s.path("metric"));
            final JsonNode other = ordered ? actual.get(index) : byMetric.get(metric);
            index++;
            if (other == null || !metric.equals(metric(other.path("metric")))) {
                return "series " + metric + (ordered ? " not at position " + (index - 1) : " missing") +
                    ": ztsdb=" + metrics(actual);
            }
            final String diff = field.equals("value") ? point(s.path(field), other.path(field), false) :
                points(s.path(field), other.path(field));
            if (diff != null) {
                return metric + ": " + diff;
            }
        }
        return null;
    }

    private static String points(final JsonNode expected, final JsonNode actual) {
        if (expected.size() != actual.size()) {
            return "points " + expected.size() + " vs " + actual.size() + " (first " + first(expected) + " vs " +
                first(actual) + ")";
        }
        for (int i = 0; i < expected.size(); i++) {
            final String diff = point(expected.get(i), actual.get(i), false);
            if (diff != null) {
                return "point " + i + ": " + diff;
            }
        }
        return null;
    }

    private static String point(final JsonNode expected, final JsonNode actual, final boolean string) {
        if (expected.get(0).decimalValue().compareTo(actual.get(0).decimalValue()) != 0) {
            return "timestamp " + expected.get(0) + " vs " + actual.get(0);
        }
        final String ev = expected.get(1).asText();
        final String av = actual.get(1).asText();
        if (string || ev.equals(av)) {
            return ev.equals(av) ? null : "value " + ev + " vs " + av;
        }
        return valuesEqual(parse(ev), parse(av)) ? null : "value " + ev + " vs " + av + " at " + expected.get(0);
    }

    static boolean valuesEqual(final double e, final double a) {
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        if (Double.isInfinite(e) || Double.isInfinite(a)) {
            return e == a;
        }
        final double diff = Math.abs(e - a);
        return diff <= ABSOLUTE_TOLERANCE || diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(e), Math.abs(a));
    }

    private static double parse(final String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }

    static String metric(final JsonNode metric) {
        final Map<String, String> sorted = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> f : metric.properties()) {
            sorted.put(f.getKey(), f.getValue().asText());
        }
        return sorted.toString();
    }

    private static String metrics(final JsonNode result) {
        final List<String> list = new ArrayList<>();
        for (final JsonNode s : result) {
            list.add(metric(s.path("metric")));
            if (list.size() == 4) {
                list.add("...");
                break;
            }
        }
        return list.toString();
    }

    private static String first(final JsonNode points) {
        return points.size() == 0 ? "none" : points.get(0).toString();
    }

    private static String brief(final JsonNode answer) {
        final String text = answer.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
