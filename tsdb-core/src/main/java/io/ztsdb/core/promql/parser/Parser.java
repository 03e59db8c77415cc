// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.GoQuote;
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
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.ParenExpr;
import io.ztsdb.core.promql.ast.StringLiteral;
import io.ztsdb.core.promql.ast.TokenType;
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

    private final TokenCursor tokens;
    private final PostfixParser postfix;
    private int depth;

    private Parser(final Lexer lexer) {
        this.tokens = new TokenCursor(lexer);
        this.postfix = new PostfixParser(tokens, this::parseNumber);
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
        if (tokens.type() == TokenType.EOF) {
            throw tokens.error(0, "no expression found in input");
        }
        final Expr expr = parseExpr(1);
        if (tokens.type() != TokenType.EOF) {
            throw tokens.unexpected(null, null);
        }
        return expr;
    }

    // ---- expressions ----

    private Expr parseExpr(final int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw tokens.error(tokens.start(), "expression nested deeper than " + MAX_DEPTH + " levels");
        }
        Expr lhs = parseOperand();
        while (true) {
            final TokenType op = tokens.type();
            if (!op.isBinaryOperator() || op.precedence() < minPrecedence) {
                break;
            }
            tokens.advance();
            boolean returnBool = false;
            if (tokens.type() == TokenType.BOOL) {
                returnBool = true;
                tokens.advance();
            }
            VectorMatching matching = VectorMatching.DEFAULT;
            if (tokens.type() == TokenType.ON || tokens.type() == TokenType.IGNORING) {
                final boolean on = tokens.type() == TokenType.ON;
                tokens.advance();
                final List<String> labels = groupingLabels();
                VectorMatching.Cardinality cardinality = VectorMatching.Cardinality.ONE_TO_ONE;
                List<String> include = List.of();
                if (tokens.type() == TokenType.GROUP_LEFT || tokens.type() == TokenType.GROUP_RIGHT) {
                    cardinality = tokens.type() == TokenType.GROUP_LEFT ? VectorMatching.Cardinality.MANY_TO_ONE :
                        VectorMatching.Cardinality.ONE_TO_MANY;
                    tokens.advance();
                    if (tokens.type() == TokenType.LEFT_PAREN) {
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
        final TokenType type = tokens.type();
        if (type == TokenType.ADD || type == TokenType.SUB) {
            final int start = tokens.start();
            tokens.advance();
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
        final int start = tokens.start();
        final TokenType type = tokens.type();
        switch (type) {
            case NUMBER -> {
                final String text = tokens.text();
                tokens.advance();
                return new NumberLiteral(parseNumber(text, start), start, start + text.length());
            }
            case STRING -> {
                final int token = tokens.advance();
                return new StringLiteral(unquote(token), start, tokens.endOf(token));
            }
            case LEFT_PAREN -> {
                tokens.advance();
                final Expr inner = parseExpr(1);
                final int close = tokens.expect(TokenType.RIGHT_PAREN, "paren expression");
                return new ParenExpr(inner, start, tokens.endOf(close));
            }
            case LEFT_BRACE -> {
                return selector(null, start);
            }
            case IDENTIFIER -> {
                if (tokens.peekType(1) == TokenType.LEFT_PAREN) {
                    return call();
                }
                return metricSelector();
            }
            case METRIC_IDENTIFIER, LAND, LOR, LUNLESS, BY, WITHOUT, OFFSET, START, END -> {
                return metricSelector();
            }
            case EOF -> throw tokens.unexpected(null, null);
            default -> {
                if (type.isAggregator()) {
                    final TokenType next = tokens.peekType(1);
                    if (next == TokenType.LEFT_PAREN || next == TokenType.BY || next == TokenType.WITHOUT) {
                        return aggregate();
                    }
                    return metricSelector();
                }
                throw tokens.unexpected(null, null);
            }
        }
    }

    private Expr metricSelector() {
        final int start = tokens.start();
        final String name = tokens.text();
        tokens.advance();
        return selector(name, start);
    }

    private VectorSelector selector(final String name, final int start) {
        final List<Matcher> matchers = new ArrayList<>(2);
        int end = name == null ? start : start + name.length();
        if (tokens.type() == TokenType.LEFT_BRACE) {
            tokens.advance();
            while (tokens.type() != TokenType.RIGHT_BRACE) {
                matchers.add(matcher());
                if (tokens.type() == TokenType.COMMA) {
                    tokens.advance();
                } else if (tokens.type() != TokenType.RIGHT_BRACE) {
                    throw tokens.unexpected("label matching", "\",\" or \"}\"");
                }
            }
            end = tokens.end();
            tokens.advance();
        }
        return new VectorSelector(name, matchers, 0, AtModifier.NONE, start, end);
    }

    private Matcher matcher() {
        if (tokens.type() != TokenType.IDENTIFIER) {
            throw tokens.unexpected("label matching", "identifier or \"}\"");
        }
        final String name = tokens.text();
        tokens.advance();
        final Matcher.Type matchType = switch (tokens.type()) {
            case EQL -> Matcher.Type.EQUAL;
            case NEQ -> Matcher.Type.NOT_EQUAL;
            case EQL_REGEX -> Matcher.Type.REGEX;
            case NEQ_REGEX -> Matcher.Type.NOT_REGEX;
            default -> throw tokens.unexpected("label matching", "label matching operator");
        };
        tokens.advance();
        if (tokens.type() != TokenType.STRING) {
            throw tokens.unexpected("label matching", "string");
        }
        final int valueToken = tokens.advance();
        final String value = unquote(valueToken);
        try {
            return new Matcher(name, matchType, value);
        } catch (final PatternSyntaxException ex) {
            throw tokens.error(tokens.startOf(valueToken), "error parsing regexp: " + ex.getDescription() +
                ": `^(?:" + value + ")$`");
        }
    }

    private Expr call() {
        final int start = tokens.start();
        final String name = tokens.text();
        tokens.advance();
        final List<Expr> args = new ArrayList<>(3);
        final int end = arguments(args);
        final Function function = Functions.get(name);
        if (function == null) {
            throw tokens.error(start, "unknown function with name " + GoQuote.quote(name));
        }
        return new Call(function, args, start, end);
    }

    /** Parses {@code ( [expr {, expr}] )} into {@code args}; returns the end of the closing parenthesis. */
    private int arguments(final List<Expr> args) {
        tokens.expect(TokenType.LEFT_PAREN, "function call");
        if (tokens.type() == TokenType.RIGHT_PAREN) {
            return tokens.endOf(tokens.advance());
        }
        while (true) {
            args.add(parseExpr(1));
            if (tokens.type() == TokenType.COMMA) {
                final int comma = tokens.advance();
                if (tokens.type() == TokenType.RIGHT_PAREN) {
                    throw tokens.error(tokens.startOf(comma), "trailing commas not allowed in function call args");
                }
            } else if (tokens.type() == TokenType.RIGHT_PAREN) {
                return tokens.endOf(tokens.advance());
            } else {
                throw tokens.unexpected("function call", "\",\" or \")\"");
            }
        }
    }

    private Expr aggregate() {
        final int start = tokens.start();
        final TokenType op = tokens.type();
        tokens.advance();
        List<String> grouping = List.of();
        boolean without = false;
        boolean modifier = false;
        if (tokens.type() == TokenType.BY || tokens.type() == TokenType.WITHOUT) {
            without = tokens.type() == TokenType.WITHOUT;
            tokens.advance();
            grouping = groupingLabels();
            modifier = true;
        }
        final List<Expr> args = new ArrayList<>(2);
        int end = arguments(args);
        if (!modifier && (tokens.type() == TokenType.BY || tokens.type() == TokenType.WITHOUT)) {
            without = tokens.type() == TokenType.WITHOUT;
            tokens.advance();
            grouping = groupingLabels();
            end = tokens.endOf(tokens.position() - 1);
        }
        if (args.isEmpty()) {
            throw tokens.error(start, "no arguments for aggregate expression provided");
        }
        final int wanted = op.isAggregatorWithParam() ? 2 : 1;
        if (args.size() != wanted) {
            throw tokens.error(start, "wrong number of arguments for aggregate expression provided, expected " +
                wanted + ", got " + args.size());
        }
        return new AggregateExpr(op, args.get(wanted - 1), wanted == 2 ? args.get(0) : null, grouping, without,
            start, end);
    }

    private List<String> groupingLabels() {
        if (tokens.type() != TokenType.LEFT_PAREN) {
            throw tokens.unexpected("grouping opts", "\"(\"");
        }
        tokens.advance();
        final List<String> labels = new ArrayList<>(4);
        while (tokens.type() != TokenType.RIGHT_PAREN) {
            final TokenType type = tokens.type();
            if (type == TokenType.IDENTIFIER || (type.isKeyword() && isLabelName(tokens.text()))) {
                labels.add(tokens.text());
                tokens.advance();
            } else {
                throw tokens.unexpected("grouping opts", "label");
            }
            if (tokens.type() == TokenType.COMMA) {
                tokens.advance();
            } else if (tokens.type() != TokenType.RIGHT_PAREN) {
                throw tokens.unexpected("grouping opts", "\",\" or \")\"");
            }
        }
        tokens.advance();
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

    private Expr parsePostfix(final Expr primary) {
        return postfix.apply(primary);
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
            throw tokens.error(position, "error parsing number: strconv.ParseFloat: parsing " + GoQuote.quote(text) +
                ": invalid syntax");
        }
    }

    private String unquote(final int token) {
        try {
            return GoStrings.unquote(tokens.text(token));
        } catch (final IllegalArgumentException ex) {
            throw tokens.error(tokens.startOf(token), ex.getMessage());
        }
    }
}
