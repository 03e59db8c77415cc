// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import io.ztsdb.core.io.SequenceNames;

/**
 * Layout of the header at the start of every WAL segment file, little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic 'ZWAL' (u32)                       |
 *  +-------------------------------+-------------------------------+
 *  |         Version (u16)         |        Reserved (u16)         |
 *  +-------------------------------+-------------------------------+
 *  |                                                               |
 *  +                    Segment sequence (u64)                     +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Records ... (WalRecordDescriptor)           ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The sequence repeats the file name ({@code %020d.wal}), so a renamed or misplaced file is caught.
 */
public final class WalSegmentDescriptor {
    /** 'ZWAL' read as a little-endian int. */
    public static final int MAGIC = 'Z' | 'W' << 8 | 'A' << 16 | 'L' << 24;
    /** Current format version. */
    public static final short VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    public static final int RESERVED_OFFSET = VERSION_OFFSET + Short.BYTES;
    public static final int SEQUENCE_OFFSET = RESERVED_OFFSET + Short.BYTES;
    /** Length of the segment header; the first record starts here. */
    public static final int HEADER_LENGTH = SEQUENCE_OFFSET + Long.BYTES;

    /** File name suffix of segments. */
    public static final String FILE_SUFFIX = ".wal";

    private WalSegmentDescriptor() {
    }

    /**
     * @param sequence segment sequence number.
     * @return the segment's file name.
     */
    public static String fileName(final long sequence) {
        return SequenceNames.format("", sequence, FILE_SUFFIX);
    }

    /**
     * @param fileName a file name.
     * @return the segment sequence it names, or -1 when it is not a segment name.
     */
    public static long parseSequence(final String fileName) {
        return SequenceNames.parse(fileName, "", FILE_SUFFIX);
    }
}
