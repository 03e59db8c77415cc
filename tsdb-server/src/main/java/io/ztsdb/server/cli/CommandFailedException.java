// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

/**
 * A command failed at run time for a reason the user can act on (server unreachable, ...): printed as one
 * line, exit code 1.
 */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what failed and what to do.
     * @param cause   the underlying failure, may be null.
     */
    public CommandFailedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
