// SPDX-License-Identifier: Apache-2.0
/**
 * The HTTP API (Vert.x Web): {@code /}, {@code /stats}, {@code /series}, {@code /query}, {@code /labels}, mounted
 * in one place ({@link io.ztsdb.server.http.HttpApi}) over an {@link io.ztsdb.server.http.HttpBackend} (engine,
 * counters, settings). Answers are JSON written on worker threads into pooled direct segments sent without a copy;
 * {@code /query} through a dedicated byte encoder. Series ids are JSON strings.
 */
package io.ztsdb.server.http;
