// SPDX-License-Identifier: Apache-2.0
/**
 * Chunks of any encoding: decoding whichever encoding a chunk has ({@link io.ztsdb.core.chunks.AnyChunkDecoder}),
 * encoding samples into the smallest one ({@link io.ztsdb.core.chunks.SmallestChunkEncoder}), and rewriting the
 * chunks of a series into long chunks ({@link io.ztsdb.core.chunks.ChunkRewriter}), what persistence and
 * compaction do. Pure: no I/O.
 */
package io.ztsdb.core.chunks;
