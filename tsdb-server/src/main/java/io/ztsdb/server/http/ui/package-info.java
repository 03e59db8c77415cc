// SPDX-License-Identifier: Apache-2.0
/**
 * The built-in web UI: static pages, ES modules and CSS under {@code /ui/} (resources of this package's
 * {@code static} folder) plus uPlot from its WebJar, loaded once at start, gzipped once and served from memory with
 * ETags. The pages read only the documented HTTP API ({@code /api/v1/...}, {@code /stats}).
 */
package io.ztsdb.server.http.ui;
