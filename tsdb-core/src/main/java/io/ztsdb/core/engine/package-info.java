// SPDX-License-Identifier: Apache-2.0
/**
 * The storage engine behind {@link io.ztsdb.core.Tsdb}: {@link io.ztsdb.core.engine.StorageEngine} owns the
 * head, the WAL, the blocks and the directory lock, and composes the aspects around them: recovery at open,
 * reads that merge blocks and head, series summaries, storage statistics, and the maintenance thread that
 * persists the head into blocks, checkpoints the WAL, applies retention and compacts.
 */
package io.ztsdb.core.engine;
