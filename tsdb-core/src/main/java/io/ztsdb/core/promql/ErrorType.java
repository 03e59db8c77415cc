// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * The kinds of query failure, named as in Prometheus' HTTP API ({@code "errorType"}).
 */
public enum ErrorType {
    /** The query or a parameter is malformed, or uses something ztsdb does not support. */
    BAD_DATA("bad_data"),
    /** The query is valid but its evaluation failed (e.g. many-to-many matching, too many samples). */
    EXECUTION("execution"),
    /** The evaluation took longer than its timeout. */
    TIMEOUT("timeout"),
    /** The evaluation was canceled (e.g. the client went away). */
    CANCELED("canceled"),
    /** A fault of ztsdb itself. */
    INTERNAL("internal");

    private final String apiName;

    ErrorType(final String apiName) {
        this.apiName = apiName;
    }

    /** @return the name used in Prometheus' JSON envelope, e.g. {@code bad_data}. */
    public String apiName() {
        return apiName;
    }
}
