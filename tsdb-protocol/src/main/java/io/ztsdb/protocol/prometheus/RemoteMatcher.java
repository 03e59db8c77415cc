// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

/**
 * A label matcher of a remote-read query.
 *
 * @param type  the comparison.
 * @param name  the label name.
 * @param value the value or regular expression.
 */
public record RemoteMatcher(Type type, String name, String value) {
    /** LabelMatcher.Type, in wire order. */
    public enum Type {
        /** {@code =}. */
        EQ("="),
        /** {@code !=}. */
        NEQ("!="),
        /** {@code =~}. */
        RE("=~"),
        /** {@code !~}. */
        NRE("!~");

        private final String operator;

        Type(final String operator) {
            this.operator = operator;
        }

        /** @return the PromQL operator. */
        public String operator() {
            return operator;
        }
    }
}
