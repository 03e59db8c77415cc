// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http;

/**
 * A request parameter is missing or malformed: answered with 400 and a JSON body naming the parameter.
 */
final class BadParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    BadParameterException(final String parameter, final String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
