// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.ast.TokenType;

/**
 * Case-insensitive lookup of PromQL keywords in a region of the query text, without allocating: candidates are
 * found by length and first letter, so a metric name is usually rejected by its length alone.
 */
final class Keywords {
    private static final TokenType[] KEYWORDS = {
        TokenType.LAND, TokenType.LOR, TokenType.LUNLESS, TokenType.ATAN2,
        TokenType.SUM, TokenType.AVG, TokenType.COUNT, TokenType.MIN, TokenType.MAX, TokenType.GROUP,
        TokenType.STDDEV, TokenType.STDVAR, TokenType.TOPK, TokenType.BOTTOMK, TokenType.COUNT_VALUES,
        TokenType.QUANTILE, TokenType.OFFSET, TokenType.BY, TokenType.WITHOUT, TokenType.ON, TokenType.IGNORING,
        TokenType.GROUP_LEFT, TokenType.GROUP_RIGHT, TokenType.BOOL, TokenType.START, TokenType.END,
    };
    private static final int MAX_LENGTH = 12;
    private static final TokenType[][] BY_LENGTH = new TokenType[MAX_LENGTH + 1][];

    static {
        for (int length = 0; length <= MAX_LENGTH; length++) {
            int count = 0;
            for (final TokenType k : KEYWORDS) {
                count += k.text().length() == length ? 1 : 0;
            }
            BY_LENGTH[length] = new TokenType[count];
            int i = 0;
            for (final TokenType k : KEYWORDS) {
                if (k.text().length() == length) {
                    BY_LENGTH[length][i++] = k;
                }
            }
        }
    }

    private Keywords() {
    }

    /** @return the keyword in {@code text[start, end)}, {@link TokenType#NUMBER} for inf/nan, or null. */
    static TokenType lookup(final String text, final int start, final int end) {
        final int length = end - start;
        if (length > MAX_LENGTH) {
            return null;
        }
        final char first = Character.toLowerCase(text.charAt(start));
        if (length == 3 && (first == 'i' || first == 'n') && (text.regionMatches(true, start, "inf", 0, 3) ||
            text.regionMatches(true, start, "nan", 0, 3))) {
            return TokenType.NUMBER;
        }
        for (final TokenType keyword : BY_LENGTH[length]) {
            final String word = keyword.text();
            if (word.charAt(0) == first && text.regionMatches(true, start, word, 0, length)) {
                return keyword;
            }
        }
        return null;
    }
}
