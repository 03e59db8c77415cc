// SPDX-License-Identifier: Apache-2.0
/**
 * Counters the front ends write and {@code GET /stats} reads: server-wide ({@link io.ztsdb.server.stats.ServerStats})
 * and per TCP connection, plus the {@link io.ztsdb.server.stats.StatsContributor} interface of the parts that add
 * their own object.
 */
package io.ztsdb.server.stats;
