// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.Durations;
import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ValueType;
import io.ztsdb.core.promql.ast.AggregateExpr;
import io.ztsdb.core.promql.ast.AtModifier;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Call;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.Function;
import io.ztsdb.core.promql.ast.Functions;
import io.ztsdb.core.promql.ast.Matcher;
import io.ztsdb.core.promql.ast.MatrixSelector;
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.ParenExpr;
import io.ztsdb.core.promql.ast.StringLiteral;
import io.ztsdb.core.promql.ast.SubqueryExpr;
import io.ztsdb.core.promql.ast.UnaryExpr;
import io.ztsdb.core.promql.ast.VectorMatching;
import io.ztsdb.core.promql.ast.VectorSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Recursive-descent parser of PromQL, equivalent to Prometheus' yacc grammar
 * ({@code promql/parser/generated_parser.y}) and its semantic checks ({@code parse.go}, {@code checkAST}).
 * <p>
 * <b>Design note:</b> a hand-written parser rather than an ANTLR4 one: PromQL's grammar is small and its
 * ambiguities (keywords that are also metric names, the sign folded into number literals, postfix
 * {@code offset}/{@code @}/{@code [range]} binding tighter than every operator, unary minus binding looser than
 * {@code ^}) are a few lines each by hand, while a generated parser would add a runtime dependency to the
 * embeddable engine, allocate a parse tree per query and word its errors differently from Prometheus. Binary
 * operators use precedence climbing with the precedences of Prometheus' grammar. The first error is thrown,
 * with the position and, where Prometheus has the same error, its wording.
 */
public final class Parser {
    /** Longest query accepted, in chars. */
    public static final int MAX_QUERY_LENGTH = 256 * 1024;
    /** Deepest nesting of expressions accepted (keeps the recursion far from the stack limit). */
    private static final int MAX_DEPTH = 500;
    private static final int UNARY_OPERAND_PRECEDENCE = TokenType.POW.precedence();

    private final Lexer lexer;
    private final String input;
    private int tok;
    private int depth;

    private Parser(final Lexer lexer) {
        this.lexer = lexer;
        this.input = lexer.input();
    }

    /**
     * Parses and type-checks a PromQL expression.
     *
     * @param query the expression.
     * @return its syntax tree.
     * @throws PromqlParseException when it is not valid.
     */
    public static Expr parse(final String query) {
        if (query.length() > MAX_QUERY_LENGTH) {
            throw new PromqlParseException(query, 0, "query longer than " + MAX_QUERY_LENGTH + " characters");
        }
        final Parser parser = new Parser(Lexer.lex(query));
        final Expr expr = parser.parseTop();
        TypeChecker.check(query, expr);
        return expr;
    }

    /**
     * Parses a series selector as Prometheus' {@code ParseMetricSelector} ({@code match[]} parameters): a metric
     * name and/or label matchers, nothing else.
     *
     * @param text the selector.
     * @return its matchers, the metric name as a {@code __name__} matcher.
     * @throws PromqlParseException when it is not a selector.
     */
    public static List<Matcher> parseSelector(final String text) {
        if (text.length() > MAX_QUERY_LENGTH) {
            throw new PromqlParseException(text, 0, "selector longer than " + MAX_QUERY_LENGTH + " characters");
        }
        // As Prometheus' ParseMetricSelector: the grammar only, without the type checks of a query.
        final Expr expr = new Parser(Lexer.lex(text)).parseTop();
        if (!(expr instanceof VectorSelector selector) || selector.offsetMillis() != 0 || selector.at().isSet()) {
            throw new PromqlParseException(text, 0, "expected a series selector, got " + expr);
        }
        return selector.allMatchers();
    }

    private Expr parseTop() {
        if (type() == TokenType.EOF) {
            throw error(0, "no expression found in input");
        }
        final Expr expr = parseExpr(1);
        if (type() != TokenType.EOF) {
            throw unexpected(null, null);
        }
        return expr;
    }

    // ---- tokens ----

    private TokenType type() {
        return lexer.type(tok);
    }

    private TokenType typeAt(final int token) {
        return token < lexer.count() ? lexer.type(token) : TokenType.EOF;
    }

    private int startOf(final int token) {
        return lexer.start(token);
    }

    private int endOf(final int token) {
        return lexer.end(token);
    }

    private PromqlParseException error(final int position, final String message) {
        return new PromqlParseException(input, position, message);
    }

    private PromqlParseException unexpected(final String context, final String expected) {
        final StringBuilder sb = new StringBuilder("unexpected ").append(describe(tok));
        if (context != null) {
            sb.append(" in ").append(context);
        }
        if (expected != null) {
            sb.append(", expected ").append(expected);
        }
        return error(startOf(tok), sb.toString());
    }

    /** Describes a token as Prometheus' {@code Item.desc()} does. */
    private String describe(final int token) {
        final TokenType type = lexer.type(token);
        final String text = lexer.text(token);
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER -> "identifier " + quote(text);
            case METRIC_IDENTIFIER -> "metric identifier " + quote(text);
            case NUMBER -> "number " + shortQuote(text);
            case DURATION -> "duration " + shortQuote(text);
            case STRING -> "string " + shortQuote(text);
            default -> {
                if (type.isAggregator()) {
                    yield "<aggr:" + text + ">";
                }
                if (type.isKeyword() && !type.isBinaryOperator()) {
                    yield "<" + text + ">";
                }
                if (type.isBinaryOperator()) {
                    yield "<op:" + text + ">";
                }
                yield quote(text);
            }
        };
    }

    private static String quote(final String text) {
        return io.ztsdb.core.promql.GoQuote.quote(text);
    }

    private static String shortQuote(final String text) {
        return text.length() > 10 ? quote(text.substring(0, 10)) + "..." : quote(text);
    }

    private int expect(final TokenType type, final String context) {
        if (type() != type) {
            throw unexpected(context, quote(type.text()));
        }
        return tok++;
    }

    // ---- expressions ----

    private Expr parseExpr(final int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw error(startOf(tok), "expression nested deeper than " + MAX_DEPTH + " levels");
        }
        Expr lhs = parseOperand();
        while (true) {
            final TokenType op = type();
            if (!op.isBinaryOperator() || op.precedence() < minPrecedence) {
                break;
            }
            tok++;
            boolean returnBool = false;
            if (type() == TokenType.BOOL) {
                returnBool = true;
                tok++;
            }
            VectorMatching matching = VectorMatching.DEFAULT;
            if (type() == TokenType.ON || type() == TokenType.IGNORING) {
                final boolean on = type() == TokenType.ON;
                tok++;
                final List<String> labels = groupingLabels();
                VectorMatching.Cardinality cardinality = VectorMatching.Cardinality.ONE_TO_ONE;
                List<String> include = List.of();
                if (type() == TokenType.GROUP_LEFT || type() == TokenType.GROUP_RIGHT) {
                    cardinality = type() == TokenType.GROUP_LEFT ? VectorMatching.Cardinality.MANY_TO_ONE :
                        VectorMatching.Cardinality.ONE_TO_MANY;
                    tok++;
                    if (type() == TokenType.LEFT_PAREN) {
                        include = groupingLabels();
                    }
                }
                matching = new VectorMatching(cardinality, labels, on, include);
            }
            final Expr rhs = parseExpr(op.isRightAssociative() ? op.precedence() : op.precedence() + 1);
            lhs = binary(op, lhs, rhs, matching, returnBool);
        }
        depth--;
        return lhs;
    }

    private static BinaryExpr binary(final TokenType op, final Expr lhs, final Expr rhs, final VectorMatching matching,
        final boolean returnBool) {
        VectorMatching effective = matching;
        if (op.isSetOperator() && matching.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
            effective = matching.withCardinality(VectorMatching.Cardinality.MANY_TO_MANY);
        }
        final boolean vectors = lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
        if (!vectors && matching.matchingLabels().isEmpty()) {
            // As Prometheus' checkAST: matching is dropped unless both sides are vectors (an error is raised by
            // the type check when labels were given).
            effective = null;
        }
        return new BinaryExpr(op, lhs, rhs, effective, returnBool, lhs.start(), rhs.end());
    }

    /** A unary expression or a primary expression with its postfix modifiers. */
    private Expr parseOperand() {
        final TokenType type = type();
        if (type == TokenType.ADD || type == TokenType.SUB) {
            final int start = startOf(tok);
            tok++;
            // Prometheus gives unary operators the precedence of '*': the operand takes in '^' only.
            final Expr operand = parseExpr(UNARY_OPERAND_PRECEDENCE);
            if (operand instanceof NumberLiteral number) {
                return new NumberLiteral(type == TokenType.SUB ? -number.value() : number.value(), start,
                    number.end());
            }
            return new UnaryExpr(type == TokenType.SUB, operand, start, operand.end());
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        final int start = startOf(tok);
        final TokenType type = type();
        switch (type) {
            case NUMBER -> {
                final String text = lexer.text(tok);
                tok++;
                return new NumberLiteral(parseNumber(text, start), start, startOf(tok - 1) + text.length());
            }
            case STRING -> {
                final int token = tok++;
                return new StringLiteral(unquote(token), start, endOf(token));
            }
            case LEFT_PAREN -> {
                tok++;
                final Expr inner = parseExpr(1);
                final int close = expect(TokenType.RIGHT_PAREN, "paren expression");
                return new ParenExpr(inner, start, endOf(close));
            }
            case LEFT_BRACE -> {
                return selector(null, start);
            }
            case IDENTIFIER -> {
                if (typeAt(tok + 1) == TokenType.LEFT_PAREN) {
                    return call();
                }
                return metricSelector();
            }
            case METRIC_IDENTIFIER, LAND, LOR, LUNLESS, BY, WITHOUT, OFFSET, START, END -> {
                return metricSelector();
            }
            case EOF -> throw unexpected(null, null);
            default -> {
                if (type.isAggregator()) {
                    final TokenType next = typeAt(tok + 1);
                    if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
                        return aggregate();
                    }
                    return metricSelector();
                }
                throw unexpected(null, null);
            }
        }
    }

    private Expr metricSelector() {
        final int start = startOf(tok);
        final String name = lexer.text(tok);
        tok++;
        return selector(name, start);
    }

    private VectorSelector selector(final String name, final int start) {
        final List<Matcher> matchers = new ArrayList<>(2);
        int end = name == null ? start : start + name.length();
        if (type() == TokenType.LEFT_BRACE) {
            tok++;
            while (type() != TokenType.RIGHT_BRACE) {
                matchers.add(matcher());
                if (type() == TokenType.COMMA) {
                    tok++;
                } else if (type() != TokenType.RIGHT_BRACE) {
                    throw unexpected("label matching", "\",\" or \"}\"");
                }
            }
            end = endOf(tok);
            tok++;
        }
        return new VectorSelector(name, matchers, 0, AtModifier.NONE, start, end);
    }

    private Matcher matcher() {
        if (type() != TokenType.IDENTIFIER) {
            throw unexpected("label matching", "identifier or \"}\"");
        }
        final String name = lexer.text(tok);
        tok++;
        final Matcher.Type matchType = switch (type()) {
            case EQL -> Matcher.Type.EQUAL;
            case NEQ -> Matcher.Type.NOT_EQUAL;
            case EQL_REGEX -> Matcher.Type.REGEX;
            case NEQ_REGEX -> Matcher.Type.NOT_REGEX;
            default -> throw unexpected("label matching", "label matching operator");
        };
        tok++;
        if (type() != TokenType.STRING) {
            throw unexpected("label matching", "string");
        }
        final int valueToken = tok++;
        final String value = unquote(valueToken);
        try {
            return new Matcher(name, matchType, value);
        } catch (final PatternSyntaxException ex) {
            throw error(startOf(valueToken), "error parsing regexp: " + ex.getDescription() + ": `^(?:" + value +
                ")$`");
        }
    }

    private Expr call() {
        final int start = startOf(tok);
        final String name = lexer.text(tok);
        tok++;
        final List<Expr> args = new ArrayList<>(3);
        final int end = arguments(args);
        final Function function = Functions.get(name);
        if (function == null) {
            throw error(start, "unknown function with name " + quote(name));
        }
        return new Call(function, args, start, end);
    }

    /** Parses {@code ( [expr {, expr}] )} into {@code args}; returns the end of the closing parenthesis. */
    private int arguments(final List<Expr> args) {
        expect(TokenType.LEFT_PAREN, "function call");
        if (type() == TokenType.RIGHT_PAREN) {
            return endOf(tok++);
        }
        while (true) {
            args.add(parseExpr(1));
            if (type() == TokenType.COMMA) {
                final int comma = tok++;
                if (type() == TokenType.RIGHT_PAREN) {
                    throw error(startOf(comma), "trailing commas not allowed in function call args");
                }
            } else if (type() == TokenType.RIGHT_PAREN) {
                return endOf(tok++);
            } else {
                throw unexpected("function call", "\",\" or \")\"");
            }
        }
    }

    private Expr aggregate() {
        final int start = startOf(tok);
        final TokenType op = type();
        tok++;
        List<String> grouping = List.of();
        boolean without = false;
        boolean modifier = false;
        if (type() == TokenType.BY || type() == TokenType.WITHOUT) {
            without = type() == TokenType.WITHOUT;
            tok++;
            grouping = groupingLabels();
            modifier = true;
        }
        final List<Expr> args = new ArrayList<>(2);
        int end = arguments(args);
        if (!modifier && (type() == TokenType.BY || type() == TokenType.WITHOUT)) {
            without = type() == TokenType.WITHOUT;
            tok++;
            grouping = groupingLabels();
            end = endOf(tok - 1);
        }
        if (args.isEmpty()) {
            throw error(start, "no arguments for aggregate expression provided");
        }
        final int wanted = op.isAggregatorWithParam() ? 2 : 1;
        if (args.size() != wanted) {
            throw error(start, "wrong number of arguments for aggregate expression provided, expected " + wanted +
                ", got " + args.size());
        }
        return new AggregateExpr(op, args.get(wanted - 1), wanted == 2 ? args.get(0) : null, grouping, without,
            start, end);
    }

    private List<String> groupingLabels() {
        if (type() != TokenType.LEFT_PAREN) {
            throw unexpected("grouping opts", "\"(\"");
        }
        tok++;
        final List<String> labels = new ArrayList<>(4);
        while (type() != TokenType.RIGHT_PAREN) {
            final TokenType type = type();
            if (type == TokenType.IDENTIFIER || (type.isKeyword() && isLabelName(lexer.text(tok)))) {
                labels.add(lexer.text(tok));
                tok++;
            } else {
                throw unexpected("grouping opts", "label");
            }
            if (type() == TokenType.COMMA) {
                tok++;
            } else if (type() != TokenType.RIGHT_PAREN) {
                throw unexpected("grouping opts", "\",\" or \")\"");
            }
        }
        tok++;
        return labels;
    }

    private static boolean isLabelName(final String text) {
        if (text.isEmpty() || !Lexer.isAlpha(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!Lexer.isAlphaNumeric(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // ---- postfix: [range], [range:step], offset, @ ----

    private Expr parsePostfix(final Expr primary) {
        Expr expr = primary;
        while (true) {
            switch (type()) {
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
        final int open = tok++;
        final long rangeMillis = duration(tok++);
        if (type() == TokenType.COLON) {
            tok++;
            long stepMillis = 0;
            if (type() == TokenType.DURATION) {
                stepMillis = duration(tok++);
            } else if (type() != TokenType.RIGHT_BRACKET) {
                throw unexpected("subquery selector", "duration or \"]\"");
            }
            final int close = expect(TokenType.RIGHT_BRACKET, "subquery selector");
            return new SubqueryExpr(expr, rangeMillis, stepMillis, 0, AtModifier.NONE, expr.start(), endOf(close));
        }
        if (type() != TokenType.RIGHT_BRACKET) {
            throw unexpected("matrix selector", "\":\" or \"]\"");
        }
        final int close = tok++;
        final String problem;
        if (!(expr instanceof VectorSelector selector)) {
            problem = "ranges only allowed for vector selectors";
        } else if (selector.offsetMillis() != 0) {
            problem = "no offset modifiers allowed before range";
        } else if (selector.at().isSet()) {
            problem = "no @ modifiers allowed before range";
        } else {
            return new MatrixSelector(selector, rangeMillis, expr.start(), endOf(close));
        }
        throw error(startOf(open), problem);
    }

    private long duration(final int token) {
        if (lexer.type(token) != TokenType.DURATION) {
            tok = token;
            throw unexpected(null, "duration");
        }
        try {
            final long millis = Durations.parse(lexer.text(token));
            if (millis == 0) {
                throw error(startOf(token), "duration must be greater than 0");
            }
            return millis;
        } catch (final IllegalArgumentException ex) {
            throw error(startOf(token), ex.getMessage());
        }
    }

    private Expr offset(final Expr expr) {
        tok++;
        boolean negative = false;
        if (type() == TokenType.SUB) {
            negative = true;
            tok++;
        }
        final int durationToken = tok;
        final long millis = duration(tok++);
        final long offsetMillis = negative ? -millis : millis;
        final int end = endOf(durationToken);
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
            default -> throw error(expr.start(), "offset modifier must be preceded by an instant vector selector " +
                "or range vector selector or a subquery");
        };
    }

    private void checkOffsetUnset(final long offsetMillis, final Expr expr) {
        if (offsetMillis != 0) {
            throw error(expr.start(), "offset may not be set multiple times");
        }
    }

    private Expr at(final Expr expr) {
        tok++;
        final AtModifier at;
        int end;
        if (type() == TokenType.START || type() == TokenType.END) {
            at = type() == TokenType.START ? AtModifier.START : AtModifier.END;
            tok++;
            expect(TokenType.LEFT_PAREN, "@ modifier");
            end = endOf(expect(TokenType.RIGHT_PAREN, "@ modifier"));
        } else {
            boolean negative = false;
            if (type() == TokenType.ADD || type() == TokenType.SUB) {
                negative = type() == TokenType.SUB;
                tok++;
            }
            if (type() != TokenType.NUMBER) {
                throw unexpected("@ modifier", "number or start() or end()");
            }
            double seconds = parseNumber(lexer.text(tok), startOf(tok));
            end = endOf(tok);
            tok++;
            if (negative) {
                seconds = -seconds;
            }
            if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds >= (double) Long.MAX_VALUE ||
                seconds <= (double) Long.MIN_VALUE) {
                throw error(expr.start(), "timestamp out of bounds for @ modifier: " + formatGoF(seconds));
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
            default -> throw error(expr.start(), "@ modifier must be preceded by an instant vector selector or " +
                "range vector selector or a subquery");
        };
    }

    private void checkAtUnset(final AtModifier at, final Expr expr) {
        if (at.isSet()) {
            throw error(expr.start(), "@ <timestamp> may not be set multiple times");
        }
    }

    private static String formatGoF(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return new java.math.BigDecimal(value).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
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

    // ---- literals ----

    /**
     * Parses a number as Prometheus does: first as an integer with Go's base prefixes ({@code 0x1f} hexadecimal,
     * {@code 017} octal), then as a float ({@code 1.5e3}, {@code Inf}, {@code NaN}).
     */
    private double parseNumber(final String text, final int position) {
        final double integer = GoNumbers.parseIntBase0(text);
        if (!Double.isNaN(integer)) {
            return integer;
        }
        try {
            return GoNumbers.parseFloat(text);
        } catch (final NumberFormatException ex) {
            throw error(position, "error parsing number: strconv.ParseFloat: parsing " + quote(text) +
                ": invalid syntax");
        }
    }

    private String unquote(final int token) {
        try {
            return GoStrings.unquote(lexer.text(token));
        } catch (final IllegalArgumentException ex) {
            throw error(startOf(token), ex.getMessage());
        }
    }
}
