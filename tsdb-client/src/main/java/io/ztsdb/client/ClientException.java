// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

/**
 * Root of the unchecked exceptions thrown by the client: connection failures, timeouts and error answers
 * from the server.
 */
public class ClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientException(final String message) {
        super(message);
    }

    public ClientException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
