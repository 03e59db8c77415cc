// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.stats;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * A part of the server with its own object in {@code GET /stats}, such as the collector: the HTTP API writes
 * {@code "name": {...}} and lets the contributor fill the object.
 */
public interface StatsContributor {
    /** @return short name, the key of this object in {@code GET /stats}. */
    String name();

    /**
     * Writes the fields of this object; the object is already open and is closed by the caller.
     *
     * @param json the generator positioned inside the object.
     * @throws IOException from the generator.
     */
    void writeStats(JsonGenerator json) throws IOException;
}
