// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

import io.ztsdb.core.TsdbException;

/**
 * A PromQL query failed: carries the {@link ErrorType} that Prometheus' HTTP API would answer with, and a message
 * worded as Prometheus words it where Prometheus has the same failure.
 */
public class PromqlException extends TsdbException {
    private static final long serialVersionUID = 1L;

    private final ErrorType errorType;

    /**
     * @param errorType the kind of failure.
     * @param message   what went wrong.
     */
    public PromqlException(final ErrorType errorType, final String message) {
        super(message);
        this.errorType = errorType;
    }

    /** @return the kind of failure. */
    public ErrorType errorType() {
        return errorType;
    }
}
