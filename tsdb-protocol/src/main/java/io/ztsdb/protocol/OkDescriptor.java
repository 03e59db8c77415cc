// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

/**
 * Layout of the ok (0x80) payload: how many points of the request were accepted (durable) and how many were
 * rejected by the out-of-order rule. Both are 0 for ping. Receivers also accept an empty ok payload, meaning
 * "counts unknown".
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    accepted points (u32 LE)                   |
 *  +---------------------------------------------------------------+
 *  |                    rejected points (u32 LE)                   |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class OkDescriptor {
    /** Offset of the accepted count. */
    public static final int ACCEPTED_OFFSET = 0;
    /** Offset of the rejected count. */
    public static final int REJECTED_OFFSET = ACCEPTED_OFFSET + Integer.BYTES;
    /** Length of the ok payload: 8 bytes. */
    public static final int LENGTH = REJECTED_OFFSET + Integer.BYTES;

    private OkDescriptor() {
    }
}
