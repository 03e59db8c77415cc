// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * The connection failed (dropped, refused, reset, or a malformed response): the requests in flight on it got
 * no answer. They may or may not have been applied by the server; {@link #unacknowledgedRequests()} and
 * {@link #unacknowledgedPoints()} say how many. The next call reconnects when reconnection is enabled.
 */
public class ConnectionLostException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** Requests sent and not answered. */
    private final int unacknowledgedRequests;
    /** Points in the unanswered requests. */
    private final long unacknowledgedPoints;

    /**
     * Creates the exception.
     *
     * @param message                what happened.
     * @param unacknowledgedRequests requests sent but not answered.
     * @param unacknowledgedPoints   points in those requests.
     * @param cause                  the I/O failure, may be null.
     */
    public ConnectionLostException(final String message, final int unacknowledgedRequests,
        final long unacknowledgedPoints, final Throwable cause) {
        super(message + " [unacknowledgedRequests=" + unacknowledgedRequests + " unacknowledgedPoints="
            + unacknowledgedPoints + "]", cause);
        this.unacknowledgedRequests = unacknowledgedRequests;
        this.unacknowledgedPoints = unacknowledgedPoints;
    }

    /** {@return requests that were sent (or being sent) and got no answer} */
    public int unacknowledgedRequests() {
        return unacknowledgedRequests;
    }

    /** {@return insert points in the unanswered requests: their fate is unknown, resend them if needed} */
    public long unacknowledgedPoints() {
        return unacknowledgedPoints;
    }
}
