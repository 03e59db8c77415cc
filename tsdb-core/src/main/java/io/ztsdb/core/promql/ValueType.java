// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * The types a PromQL expression evaluates to, with the names Prometheus uses for them.
 */
public enum ValueType {
    /** Nothing: not a valid expression type. */
    NONE("none", "none"),
    /** One number per evaluation time. */
    SCALAR("scalar", "scalar"),
    /** A set of series with one sample each per evaluation time. */
    VECTOR("vector", "instant vector"),
    /** A set of series with a range of samples each. */
    MATRIX("matrix", "range vector"),
    /** A string literal. */
    STRING("string", "string");

    private final String apiName;
    private final String documentedName;

    ValueType(final String apiName, final String documentedName) {
        this.apiName = apiName;
        this.documentedName = documentedName;
    }

    /** @return the {@code resultType} of Prometheus' HTTP API: scalar, vector, matrix, string. */
    public String apiName() {
        return apiName;
    }

    /** @return the name in Prometheus' documentation and error messages: instant vector, range vector... */
    public String documentedName() {
        return documentedName;
    }
}
