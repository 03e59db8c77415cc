// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

import io.ztsdb.core.io.SequenceNames;

/**
 * The contents of a block's meta (see {@link BlockMetaDescriptor}).
 *
 * @param sequence           unique, increasing block number; names the block file or directory.
 * @param minTimeMillis      oldest timestamp in the block.
 * @param maxTimeMillis      newest timestamp in the block.
 * @param seriesCount        series with chunks in the block.
 * @param chunkCount         chunks in the block.
 * @param pointCount         points in the block.
 * @param chunksLengthBytes  length of the chunks section (file).
 * @param indexLengthBytes   length of the index section (file).
 * @param indexCrc           CRC32C of the index (before its trailing CRC).
 * @param level              compaction level: 0 for blocks cut from the head.
 * @param parents            sequences of the blocks this one replaces (compaction sources).
 * @param formatVersion      the block format version of the meta file: 1 (Gorilla chunks only) or 2 (any chunk
 *                           encoding), block directories; 3, a block file (see {@link BlockMetaDescriptor}).
 */
public record BlockMeta(
    long sequence, long minTimeMillis, long maxTimeMillis, long seriesCount, long chunkCount, long pointCount,
    long chunksLengthBytes, long indexLengthBytes, int indexCrc, int level, long[] parents, int formatVersion) {

    /** Suffix of a block file (or directory) being written. */
    public static final String TEMP_SUFFIX = ".tmp";
    /** Suffix of a block file (or directory) being deleted. */
    public static final String DELETED_SUFFIX = ".deleted";
    private static final String PREFIX = "b-";

    /** @return bytes of the block's files on disk. */
    public long diskBytes() {
        final long sections = chunksLengthBytes + indexLengthBytes + BlockMetaDescriptor.length(parents.length);
        return isFile() ? sections + BlockFileDescriptor.TRAILER_LENGTH : sections;
    }

    /** @return true for a single-file block, false for a block directory of an older format. */
    public boolean isFile() {
        return formatVersion == BlockFileDescriptor.VERSION;
    }

    /** @return the name of the block's file or directory, by its format. */
    public String name() {
        return isFile() ? fileName(sequence) : directoryName(sequence);
    }

    /**
     * @param sequence block sequence.
     * @return the name of a single-file block.
     */
    public static String fileName(final long sequence) {
        return SequenceNames.format(PREFIX, sequence, BlockFileDescriptor.SUFFIX);
    }

    /**
     * @param sequence block sequence.
     * @return the name of a block directory (formats 1 and 2).
     */
    public static String directoryName(final long sequence) {
        return SequenceNames.format(PREFIX, sequence, "");
    }

    /**
     * @param name a file or directory name.
     * @return the block sequence it names (block file or block directory), or -1 when it names no complete block.
     */
    public static long parseName(final String name) {
        final long file = SequenceNames.parse(name, PREFIX, BlockFileDescriptor.SUFFIX);
        return file >= 0 ? file : SequenceNames.parse(name, PREFIX, "");
    }
}
