// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * The mapping between ztsdb's names and Prometheus' names.
 * <p>
 * ztsdb stores a metric under its canonical name, which may contain dots ({@code container.cpu.usage}); Prometheus
 * forbids them, so PromQL sees every character outside {@code [a-zA-Z0-9_:]} replaced by {@code _}
 * ({@code container_cpu_usage}), and label names likewise outside {@code [a-zA-Z0-9_]}. A {@code __name__}
 * matcher accepts both forms. Raw-id series (stored by id only, without a name) appear with the single label
 * {@value #ID_LABEL} holding the unsigned decimal id, and any series can be selected by it.
 */
public final class MetricNames {
    /** The label that carries the u64 id of a raw-id series, and selects any series by id. */
    public static final String ID_LABEL = "__ztsdb_id__";

    private MetricNames() {
    }

    /**
     * @param name a canonical metric name.
     * @return its Prometheus form.
     */
    public static String toPrometheus(final String name) {
        for (int i = 0; i < name.length(); i++) {
            if (!isMetricChar(name.charAt(i))) {
                final char[] chars = name.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (!isMetricChar(chars[j])) {
                        chars[j] = '_';
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }

    /**
     * @param name a stored label name.
     * @return its Prometheus form.
     */
    public static String labelToPrometheus(final String name) {
        return name.indexOf('.') < 0 ? name : name.replace('.', '_');
    }

    private static boolean isMetricChar(final char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
    }
}
