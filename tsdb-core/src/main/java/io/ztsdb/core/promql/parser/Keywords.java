// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

/**
 * Case-insensitive lookup of PromQL keywords in a region of the query text, without allocating.
 */
final class Keywords {
    private static final TokenType[] KEYWORDS = {
        TokenType.LAND, TokenType.LOR, TokenType.LUNLESS, TokenType.ATAN2,
        TokenType.SUM, TokenType.AVG, TokenType.COUNT, TokenType.MIN, TokenType.MAX, TokenType.GROUP,
        TokenType.STDDEV, TokenType.STDVAR, TokenType.TOPK, TokenType.BOTTOMK, TokenType.COUNT_VALUES,
        TokenType.QUANTILE, TokenType.OFFSET, TokenType.BY, TokenType.WITHOUT, TokenType.ON, TokenType.IGNORING,
        TokenType.GROUP_LEFT, TokenType.GROUP_RIGHT, TokenType.BOOL, TokenType.START, TokenType.END,
    };

    private Keywords() {
    }

    /** @return the keyword in {@code text[start, end)}, {@link TokenType#NUMBER} for inf/nan, or null. */
    static TokenType lookup(final String text, final int start, final int end) {
        final int length = end - start;
        if (length == 3 && (text.regionMatches(true, start, "inf", 0, 3) ||
            text.regionMatches(true, start, "nan", 0, 3))) {
            return TokenType.NUMBER;
        }
        for (final TokenType keyword : KEYWORDS) {
            final String word = keyword.text();
            if (word.length() == length && text.regionMatches(true, start, word, 0, length)) {
                return keyword;
            }
        }
        return null;
    }
}
