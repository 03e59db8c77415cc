// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.prometheus;

import io.ztsdb.core.promql.ErrorType;

/**
 * A request the Prometheus API answers with an error envelope: the error type decides the HTTP status.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType errorType;

    ApiException(final ErrorType errorType, final String message) {
        super(message);
        this.errorType = errorType;
    }

    /** @return {@code invalid parameter "name": detail}, as Prometheus words a bad parameter. */
    static ApiException invalidParameter(final String name, final String detail) {
        return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + detail);
    }

    ErrorType errorType() {
        return errorType;
    }

    /** @return Prometheus' HTTP status for an error type. */
    static int httpStatus(final ErrorType type) {
        return switch (type) {
            case BAD_DATA -> 400;
            case EXECUTION -> 422;
            case TIMEOUT, CANCELED -> 503;
            case INTERNAL -> 500;
        };
    }
}
