// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * Counts from the server's ok answers: points stored (durable under the server's WAL policy) and points
 * rejected by its out-of-order/duplicate rule.
 *
 * @param accepted points stored.
 * @param rejected points dropped by the out-of-order/duplicate rule.
 */
public record InsertResult(long accepted, long rejected) {
    /** No points. */
    public static final InsertResult EMPTY = new InsertResult(0, 0);
}
