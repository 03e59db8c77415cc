// SPDX-License-Identifier: Apache-2.0
/**
 * The eBPF collector as a part of the server ({@link io.ztsdb.server.collect.CollectorComponent}): its samples
 * become named series of the engine, its state an object of {@code GET /stats}.
 */
package io.ztsdb.server.collect;
