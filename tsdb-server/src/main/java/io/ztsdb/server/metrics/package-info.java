// SPDX-License-Identifier: Apache-2.0
/**
 * {@code GET /metrics}: the server's own metrics in the Prometheus text format or OpenMetrics (by {@code Accept}),
 * built with the Prometheus Java client library: ingest per protocol, engine and storage state, WAL fsync latency,
 * group-commit batch size, HTTP requests per endpoint, connections and the JVM. Other parts of the server register
 * their own collectors on {@link io.ztsdb.server.metrics.ServerMetrics#registry()}.
 */
package io.ztsdb.server.metrics;
