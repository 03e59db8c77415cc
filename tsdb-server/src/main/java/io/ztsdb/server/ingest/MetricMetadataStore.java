// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type, help and unit of metric families, as remote-write senders report them, served by
 * {@code /api/v1/metadata}. Kept in memory, the newest report per family wins; bounded in families and text length
 * (what passes the bound is not kept and is counted).
 */
public final class MetricMetadataStore {
    /** Longest help or unit text kept, in chars. */
    public static final int MAX_TEXT_LENGTH = 4096;

    private final ConcurrentHashMap<String, Metadata> families = new ConcurrentHashMap<>();
    private final int maxFamilies;

    /**
     * One family's metadata.
     *
     * @param type counter, gauge, histogram, gaugehistogram, summary, info, stateset or unknown.
     * @param help the help text.
     * @param unit the unit, possibly empty.
     */
    public record Metadata(String type, String help, String unit) {
    }

    /** @param maxFamilies most families kept. */
    public MetricMetadataStore(final int maxFamilies) {
        this.maxFamilies = maxFamilies;
    }

    /**
     * Keeps a family's metadata.
     *
     * @return false when it was not kept (over the bound, or an empty or too long name or text).
     */
    public boolean put(final String family, final Metadata metadata) {
        if (family.isEmpty() || family.length() > MAX_TEXT_LENGTH || metadata.help().length() > MAX_TEXT_LENGTH
            || metadata.unit().length() > MAX_TEXT_LENGTH) {
            return false;
        }
        if (families.size() >= maxFamilies && !families.containsKey(family)) {
            return false;
        }
        families.put(family, metadata);
        return true;
    }

    /** @return family -> metadata, sorted by family. */
    public Map<String, List<Metadata>> snapshot() {
        final Map<String, List<Metadata>> sorted = new TreeMap<>();
        families.forEach((family, metadata) -> sorted.put(family, List.of(metadata)));
        return sorted;
    }

    /** @return families kept. */
    public int size() {
        return families.size();
    }
}
