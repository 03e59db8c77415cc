// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import java.util.List;

/**
 * Disk usage and persistence state of a {@link Tsdb}, for {@code /stats}.
 *
 * @param directory          the data directory.
 * @param diskBytes          bytes of all files: blocks plus WAL.
 * @param blockBytes         bytes of the blocks.
 * @param walBytes           bytes of the WAL segments and checkpoint.
 * @param walSegments        WAL segment files.
 * @param walSyncPolicy      the WAL durability policy.
 * @param walAppendedBytes   bytes appended to the WAL since open.
 * @param walDurableBytes    of which known durable (fsync policy).
 * @param persistedPoints    points in blocks.
 * @param corruptBlocks      blocks found corrupt and set aside since open.
 * @param blocks             the blocks, oldest first.
 */
public record StorageStats(String directory, long diskBytes, long blockBytes, long walBytes, int walSegments,
    WalSync walSyncPolicy, long walAppendedBytes, long walDurableBytes, long persistedPoints, long corruptBlocks,
    List<BlockInfo> blocks) {
}
