// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;

import java.nio.charset.StandardCharsets;

/**
 * Stable ids of named series: {@code id = XXH64(utf8(canonical form), seed 0) | 1L << 63}.
 * <p>
 * The canonical form is the metric name followed by the labels sorted by name, in the Prometheus text
 * style: {@code container.cpu.usage{container_id="abc",runtime="docker"}}, with {@code \\}, {@code "} and
 * newline escaped in values as {@code \\\\}, {@code \"}, {@code \n}; no labels gives {@code metric{}}.
 * <p>
 * <b>Design note:</b> the top bit is forced to 1 so that named ids never meet the small ids raw-id clients
 * use (for example {@code tsvdb generate --series 12345}): raw ids below 2^63 can never collide with a named
 * series. The remaining 63 bits make an accidental collision between named series unlikely (about 5e-8 for 1 M
 * series) but possible, which is why the registry checks and reports them.
 */
public final class SeriesIds {
    /** Bit set in every named series id. */
    public static final long NAMED_BIT = 1L << 63;

    private SeriesIds() {
    }

    /**
     * @param metric a valid metric name.
     * @param labels the labels.
     * @return the canonical text form.
     */
    public static String canonical(final String metric, final Labels labels) {
        final StringBuilder sb = new StringBuilder(metric.length() + 2 + labels.size() * 24);
        sb.append(metric);
        return labels.appendTo(sb).toString();
    }

    /**
     * @param metric a valid metric name.
     * @param labels the labels.
     * @return the stable id of the named series.
     */
    public static long id(final String metric, final Labels labels) {
        return idOfCanonical(canonical(metric, labels));
    }

    /**
     * @param canonical a canonical form.
     * @return the stable id for it.
     */
    public static long idOfCanonical(final String canonical) {
        final byte[] bytes = canonical.getBytes(StandardCharsets.UTF_8);
        return XxHash64.hash(bytes, 0, bytes.length, 0) | NAMED_BIT;
    }

    /**
     * @param seriesId a series id.
     * @return true when the id has the shape of a named series id (top bit set).
     */
    public static boolean isNamedShape(final long seriesId) {
        return seriesId < 0;
    }
}
