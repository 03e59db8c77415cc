// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec;

/**
 * Layout of the header that starts every encoded chunk, whatever its encoding.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |   encoding    |    version    |  sample count (u16, LE)       |
 *  +---------------+---------------+-------------------------------+
 *  |                 encoded samples (encoding specific) ...
 *  +---------------------------------------------------------------+
 * </pre>
 * The encoding byte makes the chunk format pluggable (a better codec gets a new code), the version byte lets
 * one encoding evolve; readers reject codes and versions they do not know with a {@link ChunkFormatException}.
 * The encoded length is not stored: the container that holds the chunk (head, block file) records it.
 */
public final class ChunkDescriptor {
    /** Offset of the encoding code byte. */
    public static final int ENCODING_OFFSET = 0;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = ENCODING_OFFSET + 1;
    /** Offset of the little-endian u16 sample count. */
    public static final int COUNT_OFFSET = VERSION_OFFSET + 1;
    /** Length of the header; the samples start here. */
    public static final int HEADER_LENGTH = COUNT_OFFSET + 2;

    /** Encoding code of the Gorilla XOR chunk (delta-of-delta timestamps, XOR values). */
    public static final byte ENCODING_GORILLA = 0x01;
    /** Current version of the Gorilla XOR chunk layout. */
    public static final byte GORILLA_VERSION = 0x01;

    /** Most samples one chunk can hold (the count is a u16). */
    public static final int MAX_SAMPLE_COUNT = 0xFFFF;

    private ChunkDescriptor() {
    }
}
