// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.ast;

/**
 * The tokens of PromQL, as Prometheus' lexer ({@code promql/parser/lex.go}) emits them.
 */
public enum TokenType {
    EOF("end of input"),
    IDENTIFIER("identifier"),
    METRIC_IDENTIFIER("metric identifier"),
    NUMBER("number"),
    DURATION("duration"),
    STRING("string"),
    LEFT_PAREN("("),
    RIGHT_PAREN(")"),
    LEFT_BRACE("{"),
    RIGHT_BRACE("}"),
    LEFT_BRACKET("["),
    RIGHT_BRACKET("]"),
    COMMA(","),
    COLON(":"),
    AT("@"),
    EQL("="),
    EQL_REGEX("=~"),
    NEQ_REGEX("!~"),
    // Binary operators, by precedence (see precedence()).
    LOR("or"),
    LAND("and"),
    LUNLESS("unless"),
    EQLC("=="),
    NEQ("!="),
    LTE("<="),
    LSS("<"),
    GTE(">="),
    GTR(">"),
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    MOD("%"),
    ATAN2("atan2"),
    POW("^"),
    // Aggregators.
    SUM("sum"),
    AVG("avg"),
    COUNT("count"),
    MIN("min"),
    MAX("max"),
    GROUP("group"),
    STDDEV("stddev"),
    STDVAR("stdvar"),
    TOPK("topk"),
    BOTTOMK("bottomk"),
    COUNT_VALUES("count_values"),
    QUANTILE("quantile"),
    // Keywords.
    OFFSET("offset"),
    BY("by"),
    WITHOUT("without"),
    ON("on"),
    IGNORING("ignoring"),
    GROUP_LEFT("group_left"),
    GROUP_RIGHT("group_right"),
    BOOL("bool"),
    START("start"),
    END("end");

    private final String text;

    TokenType(final String text) {
        this.text = text;
    }

    /** @return the operator or keyword as written, or a description for value tokens. */
    public String text() {
        return text;
    }

    /** @return true for the aggregation operators ({@code sum}, {@code topk}, ...). */
    public boolean isAggregator() {
        return ordinal() >= SUM.ordinal() && ordinal() <= QUANTILE.ordinal();
    }

    /** @return true for the aggregators that take a parameter. */
    public boolean isAggregatorWithParam() {
        return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE;
    }

    /** @return true for keywords (aggregators and operator words included). */
    public boolean isKeyword() {
        return ordinal() >= SUM.ordinal() || this == LOR || this == LAND || this == LUNLESS || this == ATAN2;
    }

    /** @return true for the binary operators. */
    public boolean isBinaryOperator() {
        return ordinal() >= LOR.ordinal() && ordinal() <= POW.ordinal();
    }

    /** @return true for {@code == != <= < >= >}. */
    public boolean isComparison() {
        return ordinal() >= EQLC.ordinal() && ordinal() <= GTR.ordinal();
    }

    /** @return true for {@code and or unless}. */
    public boolean isSetOperator() {
        return this == LAND || this == LOR || this == LUNLESS;
    }

    /**
     * @return binding strength of a binary operator, higher binds tighter; 0 for other tokens. As in Prometheus:
     *     {@code or} < {@code and unless} < comparisons < {@code + -} < {@code * / % atan2} < {@code ^}.
     */
    public int precedence() {
        return switch (this) {
            case LOR -> 1;
            case LAND, LUNLESS -> 2;
            case EQLC, NEQ, LTE, LSS, GTE, GTR -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, MOD, ATAN2 -> 5;
            case POW -> 6;
            default -> 0;
        };
    }

    /** @return true for right-associative operators ({@code ^}). */
    public boolean isRightAssociative() {
        return this == POW;
    }
}
