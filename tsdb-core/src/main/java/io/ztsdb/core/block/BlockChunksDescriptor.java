// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

/**
 * Layout of a block's chunks section (at the start of a block file, or the {@code chunks} file of a block
 * directory), little-endian: a header, then chunk records back to back. A chunk reference is the offset of its
 * record. The chunk bytes are opaque here (their encoding is in the index).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'ZBLC' (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                        Version (u32)                          |
 *  +===============================================================+
 *  |                  Chunk data length (u32)                      |   one record
 *  +---------------------------------------------------------------+   per chunk
 *  |              CRC32C of the chunk data (u32)                   |
 *  +---------------------------------------------------------------+
 *  |                      Chunk data ...                          ...
 *  +===============================================================+
 * </pre>
 */
public final class BlockChunksDescriptor {
    /** 'ZBLC' read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'B' << 8 | 'L' << 16 | 'C' << 24;
    /** Current format version. */
    public static final int VERSION = 1;
    /** File name inside a block directory. */
    public static final String FILE_NAME = "chunks";

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    /** Length of the file header; the first chunk record starts here. */
    public static final int HEADER_LENGTH = VERSION_OFFSET + Integer.BYTES;

    /** Offset of the data length within a chunk record. */
    public static final int RECORD_LENGTH_OFFSET = 0;
    /** Offset of the data CRC within a chunk record. */
    public static final int RECORD_CRC_OFFSET = RECORD_LENGTH_OFFSET + Integer.BYTES;
    /** Length of a chunk record header; the data starts here. */
    public static final int RECORD_HEADER_LENGTH = RECORD_CRC_OFFSET + Integer.BYTES;

    private BlockChunksDescriptor() {
    }
}
