// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

/**
 * Layout of the series registry file {@code series.registry}, all integers little-endian.
 * <p>
 * File header (8 bytes):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------------------------------------------------------+
 * |                     Magic "ZSRG" (4 bytes)                    |
 * +---------------+-----------------------------------------------+
 * |  Version (1)  |                 Reserved (3, zero)            |
 * +---------------+-----------------------------------------------+
 * </pre>
 * then records, appended one per registration:
 * <pre>
 * +---------------------------------------------------------------+
 * |                      Body Length (u32)                        |
 * +---------------------------------------------------------------+
 * |                 CRC32C of the Body (u32)                      |
 * +---------------------------------------------------------------+
 * |                       Series Id (u64)                         |
 * |                                                               |
 * +-------------------------------+-------------------------------+
 * |      Metric Length (u16)      |   Metric (UTF-8)             ...
 * +-------------------------------+-------------------------------+
 * |      Label Count (u16)        |   Labels ...                 ...
 * +-------------------------------+-------------------------------+
 * Label: Name Length (u16) | Name (UTF-8) | Value Length (u16) | Value (UTF-8)
 * </pre>
 */
final class RegistryFileDescriptor {
    /** "ZSRG" read as a little-endian int. */
    static final int MAGIC = 'Z' | 'S' << 8 | 'R' << 16 | 'G' << 24;
    static final byte VERSION = 1;
    static final String FILE_NAME = "series.registry";

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int HEADER_LENGTH = 8;

    static final int BODY_LENGTH_OFFSET = 0;
    static final int CRC_OFFSET = BODY_LENGTH_OFFSET + Integer.BYTES;
    static final int RECORD_HEADER_LENGTH = CRC_OFFSET + Integer.BYTES;

    /** Offsets inside the body. */
    static final int SERIES_ID_OFFSET = 0;
    static final int METRIC_LENGTH_OFFSET = SERIES_ID_OFFSET + Long.BYTES;
    static final int METRIC_OFFSET = METRIC_LENGTH_OFFSET + Short.BYTES;

    /** Smallest body: id, a 1-byte metric, a label count. */
    static final int MIN_BODY_LENGTH = METRIC_OFFSET + 1 + Short.BYTES;
    /** Largest body a valid registration can produce, with margin; anything longer is corruption. */
    static final int MAX_BODY_LENGTH = 1 << 20;

    private RegistryFileDescriptor() {
    }
}
