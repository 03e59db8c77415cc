// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.GoFloat;
import io.ztsdb.core.promql.ast.AtModifier;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.MatrixSelector;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.TokenType;
import io.ztsdb.core.promql.ast.VectorSelector;

/**
 * The modifiers that follow a primary expression and bind tighter than every operator, as in Prometheus'
 * grammar: {@code [range]} (only on a selector without offset or {@code @}), {@code [range:step]} (a subquery),
 * {@code offset d} (negative allowed, once) and {@code @ t} / {@code @ start()} / {@code @ end()} (once), with
 * Prometheus' error texts.
 */
final class PostfixParser {
    /** Parses a number literal as the parser does. */
    @FunctionalInterface
    interface NumberParser {
        double parse(String text, int position);
    }

    private final TokenCursor tokens;
    private final NumberParser numbers;

    PostfixParser(final TokenCursor tokens, final NumberParser numbers) {
        this.tokens = tokens;
        this.numbers = numbers;
    }

    /** Applies the modifiers that follow a primary expression. */
    Expr apply(final Expr primary) {
        Expr expr = primary;
        while (true) {
            switch (tokens.type()) {
                case LEFT_BRACKET -> expr = range(expr);
                case OFFSET -> expr = offset(expr);
                case AT -> expr = at(expr);
                default -> {
                    return expr;
                }
            }
        }
    }

    private Expr range(final Expr expr) {
        final int open = tokens.advance();
        final long rangeMillis = duration(tokens.advance());
        if (tokens.type() == TokenType.COLON) {
            tokens.advance();
            long stepMillis = 0;
            if (tokens.type() == TokenType.DURATION) {
                stepMillis = duration(tokens.advance());
            } else if (tokens.type() != TokenType.RIGHT_BRACKET) {
                throw tokens.unexpected("subquery selector", "duration or \"]\"");
            }
            final int close = tokens.expect(TokenType.RIGHT_BRACKET, "subquery selector");
            return new SubqueryExpr(expr, rangeMillis, stepMillis, 0, AtModifier.NONE, expr.start(),
                tokens.endOf(close));
        }
        if (tokens.type() != TokenType.RIGHT_BRACKET) {
            throw tokens.unexpected("matrix selector", "\":\" or \"]\"");
        }
        final int close = tokens.advance();
        final String problem;
        if (!(expr instanceof VectorSelector selector)) {
            problem = "ranges only allowed for vector selectors";
        } else if (selector.offsetMillis() != 0) {
            problem = "no offset modifiers allowed before range";
        } else if (selector.at().isSet()) {
            problem = "no @ modifiers allowed before range";
        } else {
            return new MatrixSelector(selector, rangeMillis, expr.start(), tokens.endOf(close));
        }
        throw tokens.error(tokens.startOf(open), problem);
    }

    private long duration(final int token) {
        if (tokens.typeOf(token) != TokenType.DURATION) {
            throw tokens.unexpectedAt(token, null, "duration");
        }
        try {
            final long millis = Durations.parse(tokens.text(token));
            if (millis == 0) {
                throw tokens.error(tokens.startOf(token), "duration must be greater than 0");
            }
            return millis;
        } catch (final IllegalArgumentException ex) {
            throw tokens.error(tokens.startOf(token), ex.getMessage());
        }
    }

    private Expr offset(final Expr expr) {
        tokens.advance();
        boolean negative = false;
        if (tokens.type() == TokenType.SUB) {
            negative = true;
            tokens.advance();
        }
        final int durationToken = tokens.position();
        final long millis = duration(tokens.advance());
        final long offsetMillis = negative ? -millis : millis;
        final int end = tokens.endOf(durationToken);
        return switch (expr) {
            case VectorSelector selector -> {
                checkOffsetUnset(selector.offsetMillis(), expr);
                yield selector.withOffset(offsetMillis, end);
            }
            case MatrixSelector matrix -> {
                checkOffsetUnset(matrix.selector().offsetMillis(), expr);
                yield new MatrixSelector(matrix.selector().withOffset(offsetMillis, matrix.selector().end()),
                    matrix.rangeMillis(), matrix.start(), end);
            }
            case SubqueryExpr subquery -> {
                checkOffsetUnset(subquery.offsetMillis(), expr);
                yield subquery.withOffset(offsetMillis, end);
            }
            default -> throw tokens.error(expr.start(), "offset modifier must be preceded by an instant vector " +
                "selector or range vector selector or a subquery");
        };
    }

    private void checkOffsetUnset(final long offsetMillis, final Expr expr) {
        if (offsetMillis != 0) {
            throw tokens.error(expr.start(), "offset may not be set multiple times");
        }
    }

    private Expr at(final Expr expr) {
        tokens.advance();
        final AtModifier at;
        int end;
        if (tokens.type() == TokenType.START || tokens.type() == TokenType.END) {
            at = tokens.type() == TokenType.START ? AtModifier.START : AtModifier.END;
            tokens.advance();
            tokens.expect(TokenType.LEFT_PAREN, "@ modifier");
            end = tokens.endOf(tokens.expect(TokenType.RIGHT_PAREN, "@ modifier"));
        } else {
            boolean negative = false;
            if (tokens.type() == TokenType.ADD || tokens.type() == TokenType.SUB) {
                negative = tokens.type() == TokenType.SUB;
                tokens.advance();
            }
            if (tokens.type() != TokenType.NUMBER) {
                throw tokens.unexpected("@ modifier", "number or start() or end()");
            }
            double seconds = numbers.parse(tokens.text(), tokens.start());
            end = tokens.end();
            tokens.advance();
            if (negative) {
                seconds = -seconds;
            }
            if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds >= (double) Long.MAX_VALUE ||
                seconds <= (double) Long.MIN_VALUE) {
                throw tokens.error(expr.start(), "timestamp out of bounds for @ modifier: " +
                    GoFloat.formatFixed6(seconds));
            }
            at = AtModifier.at(roundHalfAwayFromZero(seconds * 1000));
        }
        return switch (expr) {
            case VectorSelector selector -> {
                checkAtUnset(selector.at(), expr);
                yield selector.withAt(at, end);
            }
            case MatrixSelector matrix -> {
                checkAtUnset(matrix.selector().at(), expr);
                yield new MatrixSelector(matrix.selector().withAt(at, matrix.selector().end()), matrix.rangeMillis(),
                    matrix.start(), end);
            }
            case SubqueryExpr subquery -> {
                checkAtUnset(subquery.at(), expr);
                yield subquery.withAt(at, end);
            }
            default -> throw tokens.error(expr.start(), "@ modifier must be preceded by an instant vector " +
                "selector or range vector selector or a subquery");
        };
    }

    private void checkAtUnset(final AtModifier at, final Expr expr) {
        if (at.isSet()) {
            throw tokens.error(expr.start(), "@ <timestamp> may not be set multiple times");
        }
    }

    /** Go's {@code math.Round}: half away from zero, exact. */
    static long roundHalfAwayFromZero(final double value) {
        final double abs = Math.abs(value);
        double rounded = Math.floor(abs);
        if (abs - rounded >= 0.5) {
            rounded += 1;
        }
        return (long) Math.copySign(rounded, value);
    }
}
