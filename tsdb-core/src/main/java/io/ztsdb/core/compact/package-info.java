// SPDX-License-Identifier: Apache-2.0
/**
 * Merging and dropping blocks: which blocks to merge ({@link io.ztsdb.core.compact.CompactionPlanner}), the
 * merge itself ({@link io.ztsdb.core.compact.Compactor}) and which blocks retention deletes ({@link
 * io.ztsdb.core.compact.RetentionPolicy}).
 */
package io.ztsdb.core.compact;
