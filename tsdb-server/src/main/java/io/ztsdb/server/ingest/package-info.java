// SPDX-License-Identifier: Apache-2.0
/**
 * What the HTTP ingest protocols (Prometheus remote write, InfluxDB line protocol) share: the cache from a series'
 * encoded key to its id, the registration of new named series with Prometheus' name mapping, the point buffer
 * handed to the engine, the bounded body reader and the metric metadata kept for {@code /api/v1/metadata}. It also
 * holds the hook every ingest path calls after handing points to the engine:
 * {@link io.ztsdb.server.ingest.IngestForwarder}.
 */
package io.ztsdb.server.ingest;
