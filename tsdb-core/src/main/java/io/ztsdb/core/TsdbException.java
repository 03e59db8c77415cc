// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Root of the unchecked exceptions thrown by the storage engine.
 */
public class TsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with name=value details.
     */
    public TsdbException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong, with name=value details.
     * @param cause   the underlying failure.
     */
    public TsdbException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
