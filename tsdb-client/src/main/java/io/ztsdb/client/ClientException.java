// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * Root of the unchecked exceptions thrown by the client: connection failures, timeouts and error answers
 * from the server.
 */
public class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with name=value details.
     */
    public ClientException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, with name=value details.
     * @param cause   the underlying failure.
     */
    public ClientException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
