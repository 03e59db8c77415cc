// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

/**
 * Layout of a block's index section (after the chunks section of a block file, or the {@code index} file of a
 * block directory), little-endian: fixed-size tables, binary-searched in place
 * through the mapping.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'ZBLI' (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                        Version (u32)                          |
 *  +---------------------------------------------------------------+
 *  |                    Series count S (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                    Chunk count C (u32)                        |
 *  +===============================================================+
 *  |                  Series id (u64), ascending                   |   S series
 *  +---------------------------------------------------------------+   entries,
 *  |         Index of the series' first chunk entry (u32)          |   16 bytes
 *  +---------------------------------------------------------------+
 *  |              Number of chunks of the series (u32)             |
 *  +===============================================================+
 *  |          Offset of the chunk record in chunks (u64)           |   C chunk
 *  +---------------------------------------------------------------+   entries,
 *  |              Min timestamp, ms (i64), inclusive               |   32 bytes,
 *  +---------------------------------------------------------------+   by series
 *  |              Max timestamp, ms (i64), inclusive               |   then time
 *  +---------------------------------------------------------------+
 *  |                      Point count (u32)                        |
 *  +---------------+-----------------------------------------------+
 *  | Encoding (u8) |                  Reserved (24 bits, 0)        |
 *  +===============+===============================================+
 *  |          CRC32C of every preceding byte of index (u32)        |
 *  +---------------------------------------------------------------+
 * </pre>
 * (Each u64/i64 row above is 8 bytes.) Series ids compare as signed longs.
 */
public final class BlockIndexDescriptor {
    /** 'ZBLI' read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'B' << 8 | 'L' << 16 | 'I' << 24;
    /** Current format version. */
    public static final int VERSION = 1;
    /** File name inside a block directory. */
    public static final String FILE_NAME = "index";

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    public static final int SERIES_COUNT_OFFSET = VERSION_OFFSET + Integer.BYTES;
    public static final int CHUNK_COUNT_OFFSET = SERIES_COUNT_OFFSET + Integer.BYTES;
    /** Length of the header; the series table starts here. */
    public static final int HEADER_LENGTH = CHUNK_COUNT_OFFSET + Integer.BYTES;

    public static final int SERIES_ID_OFFSET = 0;
    public static final int SERIES_FIRST_CHUNK_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    public static final int SERIES_CHUNK_COUNT_OFFSET = SERIES_FIRST_CHUNK_OFFSET + Integer.BYTES;
    /** Length of one series entry. */
    public static final int SERIES_ENTRY_LENGTH = SERIES_CHUNK_COUNT_OFFSET + Integer.BYTES;

    public static final int CHUNK_REF_OFFSET = 0;
    public static final int CHUNK_MIN_TIME_OFFSET = CHUNK_REF_OFFSET + Long.BYTES;
    public static final int CHUNK_MAX_TIME_OFFSET = CHUNK_MIN_TIME_OFFSET + Long.BYTES;
    public static final int CHUNK_POINT_COUNT_OFFSET = CHUNK_MAX_TIME_OFFSET + Long.BYTES;
    public static final int CHUNK_ENCODING_OFFSET = CHUNK_POINT_COUNT_OFFSET + Integer.BYTES;
    /** Length of one chunk entry. */
    public static final int CHUNK_ENTRY_LENGTH = CHUNK_ENCODING_OFFSET + Integer.BYTES;

    private BlockIndexDescriptor() {
    }

    /**
     * @param seriesCount series in the index.
     * @return offset of the chunk table.
     */
    public static long chunkTableOffset(final long seriesCount) {
        return HEADER_LENGTH + seriesCount * SERIES_ENTRY_LENGTH;
    }

    /**
     * @param seriesCount series in the index.
     * @param chunkCount  chunks in the index.
     * @return length of the index file.
     */
    public static long length(final long seriesCount, final long chunkCount) {
        return chunkTableOffset(seriesCount) + chunkCount * CHUNK_ENTRY_LENGTH + Integer.BYTES;
    }
}
