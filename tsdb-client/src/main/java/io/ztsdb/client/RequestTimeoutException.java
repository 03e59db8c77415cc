// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * No answer within the request timeout (or a connect that did not complete within the connect timeout). The
 * client closes the connection, because a late answer would break the in-order matching of responses; the
 * requests in flight are reported as for {@link ConnectionLostException}.
 */
public final class RequestTimeoutException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message                what timed out.
     * @param unacknowledgedRequests requests sent but not answered.
     * @param unacknowledgedPoints   points in those requests.
     * @param cause                  the underlying timeout, may be null.
     */
    public RequestTimeoutException(final String message, final int unacknowledgedRequests,
        final long unacknowledgedPoints, final Throwable cause) {
        super(message, unacknowledgedRequests, unacknowledgedPoints, cause);
    }
}
