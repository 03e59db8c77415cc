// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the register_series (0x03) payload: a metric name and a list of labels, every string a u16 byte
 * length followed by that many UTF-8 bytes (no terminator).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |    metric length (u16 LE)     |  metric name (UTF-8)         ...
 *  +-------------------------------+-------------------------------+
 *  |     label count (u16 LE)      |
 *  +-------------------------------+-------------------------------+
 *  |      key length (u16 LE)      |  key (UTF-8)                 ...
 *  +-------------------------------+-------------------------------+
 *  |     value length (u16 LE)     |  value (UTF-8)               ...
 *  +-------------------------------+-------------------------------+
 *  |                  ... label count x (key, value)               |
 *  +---------------------------------------------------------------+
 * </pre>
 * The strings must end exactly at the end of the payload. The server canonicalises the labels (sorted by
 * key) before it derives the id, so their order on the wire does not matter; duplicate keys are an
 * {@link ErrorCode#INVALID_ARGUMENT}.
 */
public final class RegisterSeriesDescriptor {
    /** Offset of the metric name's length. */
    public static final int METRIC_LENGTH_OFFSET = 0;
    /** Offset of the metric name's bytes. */
    public static final int METRIC_OFFSET = METRIC_LENGTH_OFFSET + Short.BYTES;
    /** Length of a string's length prefix. */
    public static final int STRING_LENGTH_LENGTH = Short.BYTES;
    /** Length of the label count. */
    public static final int LABEL_COUNT_LENGTH = Short.BYTES;
    /** Shortest payload: empty metric name and no labels. */
    public static final int MIN_LENGTH = STRING_LENGTH_LENGTH + LABEL_COUNT_LENGTH;
    /** Longest string (metric, key or value) in UTF-8 bytes. */
    public static final int MAX_STRING_LENGTH = 0xFFFF;
    /** Largest label count. */
    public static final int MAX_LABEL_COUNT = 0xFFFF;

    private RegisterSeriesDescriptor() {
    }
}
