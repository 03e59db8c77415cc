// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.io.SequenceNames;

/**
 * The contents of a block's {@code meta} file (see {@link BlockMetaDescriptor}).
 *
 * @param sequence           unique, increasing block number; names the directory.
 * @param minTimeMillis      oldest timestamp in the block.
 * @param maxTimeMillis      newest timestamp in the block.
 * @param seriesCount        series with chunks in the block.
 * @param chunkCount         chunks in the block.
 * @param pointCount         points in the block.
 * @param chunksLengthBytes  length of the chunks file.
 * @param indexLengthBytes   length of the index file.
 * @param indexCrc           CRC32C of the index file (before its trailing CRC).
 * @param level              compaction level: 0 for blocks cut from the head.
 * @param parents            sequences of the blocks this one replaces (compaction sources).
 * @param formatVersion      the block format version of the meta file: 1 (Gorilla chunks only) or 2 (any chunk
 *                           encoding, see {@link BlockMetaDescriptor}).
 */
public record BlockMeta(
    long sequence, long minTimeMillis, long maxTimeMillis, long seriesCount, long chunkCount, long pointCount,
    long chunksLengthBytes, long indexLengthBytes, int indexCrc, int level, long[] parents, int formatVersion) {

    /** Suffix of a block directory being written. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** Suffix of a block directory being deleted. */
    public static final String DELETED_SUFFIX = ".deleted";
    private static final String PREFIX = "b-";

    /** @return bytes of the block's files on disk. */
    public long diskBytes() {
        return chunksLengthBytes + indexLengthBytes + BlockMetaDescriptor.length(parents.length);
    }

    /**
     * @param sequence block sequence.
     * @return the name of the block's directory.
     */
    public static String directoryName(final long sequence) {
        return SequenceNames.format(PREFIX, sequence, "");
    }

    /**
     * @param name a directory name.
     * @return the block sequence it names, or -1 when it names no complete block.
     */
    public static long parseDirectoryName(final String name) {
        return SequenceNames.parse(name, PREFIX, "");
    }
}
