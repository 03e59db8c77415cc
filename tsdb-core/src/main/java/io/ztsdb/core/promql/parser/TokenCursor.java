// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.GoQuote;
import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ast.TokenType;

/**
 * The parser's position in the tokens of a query, with the errors worded as Prometheus' parser words them
 * ({@code unexpected <by>}, {@code unexpected identifier "foo" in label matching, expected ...}).
 */
final class TokenCursor {
    private final Lexer lexer;
    private int position;

    TokenCursor(final Lexer lexer) {
        this.lexer = lexer;
    }

    String input() {
        return lexer.input();
    }

    int position() {
        return position;
    }

    /** @return the type of the current token. */
    TokenType type() {
        return lexer.type(position);
    }

    /** @return the type of token {@code token}. */
    TokenType typeOf(final int token) {
        return lexer.type(token);
    }

    /** @return the type of the token {@code ahead} places after the current one. */
    TokenType peekType(final int ahead) {
        return position + ahead < lexer.count() ? lexer.type(position + ahead) : TokenType.EOF;
    }

    /** Moves to the next token; @return the index of the token left. */
    int advance() {
        return position++;
    }

    int start() {
        return lexer.start(position);
    }

    int end() {
        return lexer.end(position);
    }

    int startOf(final int token) {
        return lexer.start(token);
    }

    int endOf(final int token) {
        return lexer.end(token);
    }

    String text() {
        return lexer.text(position);
    }

    String text(final int token) {
        return lexer.text(token);
    }

    PromqlParseException error(final int at, final String message) {
        return new PromqlParseException(lexer.input(), at, message);
    }

    /** @return {@code unexpected <current token>[ in context][, expected ...]} at the current token. */
    PromqlParseException unexpected(final String context, final String expected) {
        return unexpectedAt(position, context, expected);
    }

    /** @return {@code unexpected <token>[ in context][, expected ...]} at token {@code token}. */
    PromqlParseException unexpectedAt(final int token, final String context, final String expected) {
        final StringBuilder sb = new StringBuilder("unexpected ").append(describe(token));
        if (context != null) {
            sb.append(" in ").append(context);
        }
        if (expected != null) {
            sb.append(", expected ").append(expected);
        }
        return error(lexer.start(token), sb.toString());
    }

    /** Consumes a token of the given type; @return its index. */
    int expect(final TokenType type, final String context) {
        if (type() != type) {
            throw unexpected(context, GoQuote.quote(type.text()));
        }
        return position++;
    }

    /** Describes a token as Prometheus' {@code Item.desc()} does. */
    private String describe(final int token) {
        final TokenType type = lexer.type(token);
        final String text = lexer.text(token);
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier " + GoQuote.quote(text);
            case METRIC_IDENTIFIER -> "metric identifier " + GoQuote.quote(text);
            case NUMBER -> "number " + shortQuote(text);
            case DURATION -> "duration " + shortQuote(text);
            case STRING -> "string " + shortQuote(text);
            default -> {
                if (type.isAggregator()) {
                    yield "<aggr:" + text + ">";
                }
                if (type.isBinaryOperator()) {
                    yield "<op:" + text + ">";
                }
                yield type.isKeyword() ? "<" + text + ">" : GoQuote.quote(text);
            }
        };
    }

    private static String shortQuote(final String text) {
        return text.length() > 10 ? GoQuote.quote(text.substring(0, 10)) + "..." : GoQuote.quote(text);
    }
}
