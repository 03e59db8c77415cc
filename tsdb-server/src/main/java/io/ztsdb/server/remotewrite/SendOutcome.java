// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

/**
 * What one POST to the receiver came to.
 *
 * @param kind             what to do next.
 * @param status           HTTP status, 0 for a network error.
 * @param retryAfterMillis the receiver's Retry-After, -1 when none.
 * @param message          status line and body start, or the network error; null on success.
 */
record SendOutcome(Kind kind, int status, long retryAfterMillis, String message) {
    /** The three ways a request ends. */
    enum Kind {
        /** 2xx: the samples are stored. */
        SENT,
        /** 5xx, 429 or a network error: send the same request again later. */
        RETRY,
        /** Any other status: the receiver refuses these samples for good (remote-write spec); drop them. */
        REJECTED
    }

    /**
     * Classifies a status as the remote-write spec asks: 2xx done, 5xx and 429 retried, other 4xx never resent.
     */
    static Kind classify(final int status) {
        if (status >= 200 && status < 300) {
            return Kind.SENT;
        }
        if (status >= 500 || status == 429) {
            return Kind.RETRY;
        }
        return Kind.REJECTED;
    }
}
