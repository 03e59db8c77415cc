// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

/**
 * Root of the unchecked exceptions thrown by the storage engine.
 */
public class TsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TsdbException(final String message) {
        super(message);
    }

    public TsdbException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
