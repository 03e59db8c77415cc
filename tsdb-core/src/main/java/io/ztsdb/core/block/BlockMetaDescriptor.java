// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

/**
 * Layout of a block's meta, little-endian: the meta section of a block file ({@link BlockFileDescriptor}), or the
 * {@code meta} file of a block directory. Written last, so a block with a valid meta is complete.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'ZBLM' (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                        Version (u32)                          |
 *  +---------------------------------------------------------------+
 *  |                   Block sequence (u64)                        |
 *  +---------------------------------------------------------------+
 *  |          Min timestamp, ms (i64), inclusive                   |
 *  +---------------------------------------------------------------+
 *  |          Max timestamp, ms (i64), inclusive                   |
 *  +---------------------------------------------------------------+
 *  |                    Series count (u64)                         |
 *  +---------------------------------------------------------------+
 *  |                    Chunk count (u64)                          |
 *  +---------------------------------------------------------------+
 *  |                    Point count (u64)                          |
 *  +---------------------------------------------------------------+
 *  |              Length of the chunks file (u64)                  |
 *  +---------------------------------------------------------------+
 *  |              Length of the index file (u64)                   |
 *  +---------------------------------------------------------------+
 *  |       CRC32C of the index file before its own CRC (u32)       |
 *  +---------------------------------------------------------------+
 *  |             Compaction level (u32), 0 = from the head         |
 *  +---------------------------------------------------------------+
 *  |                    Parent count n (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                      Reserved (u32, 0)                        |
 *  +---------------------------------------------------------------+
 *  |     n x parent block sequence (u64): blocks this one replaces |
 *  +---------------------------------------------------------------+
 *  |          CRC32C of every preceding byte of meta (u32)         |
 *  +---------------------------------------------------------------+
 * </pre>
 * (Each u64/i64 row above is 8 bytes.)
 * <p>
 * Versions: 1, blocks whose chunks are all Gorilla ({@code 0x01}); 2, the same files, with chunks of any encoding
 * the index names (columnar {@code 0x02} too). The version is the meta's so that a reader that only knows Gorilla
 * refuses a version-2 block when it opens it, not chunk by chunk at query time; 3, the same sections in one file
 * ({@link BlockFileDescriptor}). Readers accept versions {@link #MIN_VERSION} to {@link #DIRECTORY_VERSION} in a
 * block directory and {@link #VERSION} in a block file; writers write {@link #VERSION}, block files.
 */
public final class BlockMetaDescriptor {
    /** 'ZBLM' read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'B' << 8 | 'L' << 16 | 'M' << 24;
    /** Current format version, the one writers write: a single-file block. */
    public static final int VERSION = BlockFileDescriptor.VERSION;
    /** Newest format version of a block directory. */
    public static final int DIRECTORY_VERSION = 2;
    /** Oldest format version readers accept. */
    public static final int MIN_VERSION = 1;
    /** File name inside a block directory. */
    public static final String FILE_NAME = "meta";

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    public static final int SEQUENCE_OFFSET = VERSION_OFFSET + Integer.BYTES;
    public static final int MIN_TIME_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    public static final int MAX_TIME_OFFSET = MIN_TIME_OFFSET + Long.BYTES;
    public static final int SERIES_COUNT_OFFSET = MAX_TIME_OFFSET + Long.BYTES;
    public static final int CHUNK_COUNT_OFFSET = SERIES_COUNT_OFFSET + Long.BYTES;
    public static final int POINT_COUNT_OFFSET = CHUNK_COUNT_OFFSET + Long.BYTES;
    public static final int CHUNKS_LENGTH_OFFSET = POINT_COUNT_OFFSET + Long.BYTES;
    public static final int INDEX_LENGTH_OFFSET = CHUNKS_LENGTH_OFFSET + Long.BYTES;
    public static final int INDEX_CRC_OFFSET = INDEX_LENGTH_OFFSET + Long.BYTES;
    public static final int LEVEL_OFFSET = INDEX_CRC_OFFSET + Integer.BYTES;
    public static final int PARENT_COUNT_OFFSET = LEVEL_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = PARENT_COUNT_OFFSET + Integer.BYTES;
    public static final int PARENTS_OFFSET = RESERVED_OFFSET + Integer.BYTES;
    /** Most parents one block may list. */
    public static final int MAX_PARENTS = 4096;

    private BlockMetaDescriptor() {
    }

    /**
     * @param parentCount number of parents.
     * @return offset of the meta CRC.
     */
    public static int crcOffset(final int parentCount) {
        return PARENTS_OFFSET + parentCount * Long.BYTES;
    }

    /**
     * @param parentCount number of parents.
     * @return length of the meta file.
     */
    public static int length(final int parentCount) {
        return crcOffset(parentCount) + Integer.BYTES;
    }
}
