// SPDX-License-Identifier: Apache-2.0
/**
 * Immutable blocks on disk: one file per block with a chunks, an index and a meta section and a trailer ({@link
 * io.ztsdb.core.block.BlockFileDescriptor}; {@link io.ztsdb.core.block.BlockWriter} writes one, {@link
 * io.ztsdb.core.block.Block} maps and checks one, and block directories of older formats too) and the
 * set of live blocks ({@link io.ztsdb.core.block.BlockStore}), swapped atomically as blocks are added, merged
 * and dropped. Chunks are opaque bytes here: the codec is not known to this package.
 */
package io.ztsdb.core.block;
