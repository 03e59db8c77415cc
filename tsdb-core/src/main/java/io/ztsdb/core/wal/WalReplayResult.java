// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.wal;

/**
 * What a WAL replay found.
 *
 * @param firstSequence  sequence of the oldest segment read, -1 when there was none.
 * @param lastSequence   sequence of the newest segment read, -1 when there was none.
 * @param records        valid records delivered.
 * @param payloadBytes   payload bytes delivered.
 * @param truncatedBytes bytes of torn or corrupt tail cut off the last segment.
 */
public record WalReplayResult(
    long firstSequence, long lastSequence, long records, long payloadBytes, long truncatedBytes) {

    /** @return the sequence a new writer should start at: above every existing segment. */
    public long nextSequence() {
        return lastSequence + 1;
    }
}
