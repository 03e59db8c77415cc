// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest counters of one protocol (binary, remote write, line protocol): requests, points acknowledged, body bytes,
 * series created, and points or requests refused by reason. Reasons are a small fixed vocabulary chosen by the
 * front ends ({@code out_of_order}, {@code malformed_body}, {@code invalid_series}, ...), so the map stays small.
 * Thread-safe; the hot counters are {@link LongAdder}s.
 */
public final class IngestStats {
    private final String protocol;
    private final LongAdder requests = new LongAdder();
    private final LongAdder points = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder seriesCreated = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejects = new ConcurrentHashMap<>();

    /** @param protocol the protocol's name, a label value in {@code /metrics}. */
    public IngestStats(final String protocol) {
        this.protocol = protocol;
    }

    /** @return the protocol's name. */
    public String protocol() {
        return protocol;
    }

    /**
     * Counts one request (or frame) and its body size.
     *
     * @param bodyBytes bytes received, as sent (compressed when the body was).
     */
    public void request(final long bodyBytes) {
        requests.increment();
        bytes.add(bodyBytes);
    }

    /** @param accepted points acknowledged durable. */
    public void points(final long accepted) {
        points.add(accepted);
    }

    /** @param created series registered for the first time by this protocol. */
    public void seriesCreated(final long created) {
        seriesCreated.add(created);
    }

    /**
     * @param reason why, from the front end's fixed vocabulary.
     * @param count  points (or requests, for reasons about a whole body) refused.
     */
    public void rejected(final String reason, final long count) {
        if (count > 0) {
            rejects.computeIfAbsent(reason, r -> new LongAdder()).add(count);
        }
    }

    /** @return requests since start. */
    public long requests() {
        return requests.sum();
    }

    /** @return points acknowledged since start. */
    public long points() {
        return points.sum();
    }

    /** @return body bytes received since start. */
    public long bytes() {
        return bytes.sum();
    }

    /** @return series created since start. */
    public long seriesCreated() {
        return seriesCreated.sum();
    }

    /** @return refusals by reason, sorted by reason. */
    public Map<String, Long> rejects() {
        final Map<String, Long> snapshot = new TreeMap<>();
        rejects.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }
}
