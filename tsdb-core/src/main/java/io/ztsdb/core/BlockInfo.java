// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Description of one persisted block, for {@code /stats}.
 *
 * @param sequence      block number (its directory is {@code blocks/b-<sequence>}).
 * @param minTimeMillis oldest timestamp in the block.
 * @param maxTimeMillis newest timestamp in the block.
 * @param seriesCount   series in the block.
 * @param chunkCount    chunks in the block.
 * @param pointCount    points in the block.
 * @param diskBytes     bytes of the block's files.
 * @param level         compaction level, 0 for a block cut from the head.
 */
public record BlockInfo(long sequence, long minTimeMillis, long maxTimeMillis, long seriesCount, long chunkCount,
    long pointCount, long diskBytes, int level) {
}
