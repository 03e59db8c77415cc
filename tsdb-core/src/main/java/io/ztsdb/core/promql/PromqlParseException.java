// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql;

/**
 * A query is not valid PromQL. The message reads like Prometheus': {@code 1:5: parse error: unclosed left
 * parenthesis}, with the line and column (both from 1) of the problem.
 */
public final class PromqlParseException extends PromqlException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String detail;

    /**
     * @param query    the query text.
     * @param position offset of the problem in {@code query}, in chars.
     * @param detail   what is wrong, e.g. {@code unexpected end of input}.
     */
    public PromqlParseException(final String query, final int position, final String detail) {
        super(ErrorType.BAD_DATA, location(query, position) + " parse error: " + detail);
        this.position = position;
        this.detail = detail;
    }

    /** @return offset of the problem in the query, in chars. */
    public int position() {
        return position;
    }

    /** @return the problem without its position. */
    public String detail() {
        return detail;
    }

    private static String location(final String query, final int position) {
        if (position < 0 || position > query.length()) {
            return "invalid position:";
        }
        int line = 1;
        int lastLineBreak = -1;
        for (int i = 0; i < position; i++) {
            if (query.charAt(i) == '\n') {
                lastLineBreak = i;
                line++;
            }
        }
        return line + ":" + (position - lastLineBreak) + ":";
    }
}
