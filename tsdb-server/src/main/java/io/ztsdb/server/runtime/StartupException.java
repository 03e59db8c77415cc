// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

/**
 * The server could not start (port in use, data directory not usable, ...): a runtime error, the CLI exits
 * with code 1. The message is one line that says what failed and what to do.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what failed and what to do.
     * @param cause   the underlying failure, may be null.
     */
    public StartupException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
