// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.block;

/**
 * Layout of a single-file block ({@code b-<sequence>.blk}, meta format version {@link #VERSION}), little-endian:
 * the three sections of a block back to back, then a trailer that locates the meta. One file per block costs one
 * file-system allocation (4 KiB on ext4) where a block directory of three files costs four.
 * <pre>
 *  +===============================================================+  offset 0
 *  |  Chunks section: the {@link BlockChunksDescriptor} layout     |  length = meta's chunks length;
 *  |  (header 'ZBLC', then chunk records); chunk references are    |  a chunk reference is a file offset
 *  |  offsets in the file                                          |
 *  +===============================================================+
 *  |  Index section: the {@link BlockIndexDescriptor} layout,      |  length = meta's index length
 *  |  with its own trailing CRC32C                                 |
 *  +===============================================================+
 *  |  Meta section: the {@link BlockMetaDescriptor} layout,        |  length = M
 *  |  version 3, with its own trailing CRC32C                      |
 *  +===============================================================+
 *  |                    Meta length M (u32)                        |  trailer,
 *  +---------------------------------------------------------------+  8 bytes,
 *  |                      Magic 'ZBLF' (u32)                       |  at the end
 *  +---------------------------------------------------------------+
 * </pre>
 * A reader maps the file, reads the trailer, checks the meta's CRC and that chunks length + index length + M + 8
 * is the file length, then checks the index CRC: a file cut short anywhere fails one of these checks. Writers write
 * the file under a temporary name, force it and rename it into place, so a torn file is never under a block's name
 * unless the file system lost acknowledged writes.
 */
public final class BlockFileDescriptor {
    /** 'ZBLF' read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'B' << 8 | 'L' << 16 | 'F' << 24;
    /** Meta format version of a single-file block. */
    public static final int VERSION = 3;
    /** Suffix of a block file's name. */
    public static final String SUFFIX = ".blk";

    /** Offset of the meta length within the trailer. */
    public static final int TRAILER_META_LENGTH_OFFSET = 0;
    /** Offset of the magic within the trailer. */
    public static final int TRAILER_MAGIC_OFFSET = TRAILER_META_LENGTH_OFFSET + Integer.BYTES;
    /** Length of the trailer. */
    public static final int TRAILER_LENGTH = TRAILER_MAGIC_OFFSET + Integer.BYTES;

    private BlockFileDescriptor() {
    }

    /**
     * @param chunksLength bytes of the chunks section.
     * @param indexLength  bytes of the index section.
     * @param parentCount  parents in the meta.
     * @return length of the block file.
     */
    public static long length(final long chunksLength, final long indexLength, final int parentCount) {
        return chunksLength + indexLength + BlockMetaDescriptor.length(parentCount) + TRAILER_LENGTH;
    }
}
