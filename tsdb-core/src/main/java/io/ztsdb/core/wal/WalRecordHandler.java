// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

import java.lang.foreign.MemorySegment;

/**
 * Receives the records of the WAL during replay, in append order.
 */
@FunctionalInterface
public interface WalRecordHandler {
    /**
     * Called once per valid record. The memory is valid only during the call.
     *
     * @param segment sequence of the segment holding the record.
     * @param type    record type, see {@link WalRecordType}.
     * @param memory  holds the payload.
     * @param offset  payload offset in {@code memory}.
     * @param length  payload length.
     */
    void onRecord(long segment, byte type, MemorySegment memory, long offset, int length);
}
