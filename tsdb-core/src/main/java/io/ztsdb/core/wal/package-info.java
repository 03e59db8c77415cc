// SPDX-License-Identifier: Apache-2.0
/**
 * The write-ahead log: segment and record layouts, the writer with group commit, the replay, and the checkpoint
 * that folds old segments into the points not yet persisted.
 */
package io.ztsdb.core.wal;
