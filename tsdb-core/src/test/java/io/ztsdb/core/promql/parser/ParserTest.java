// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.UnaryExpr;
import io.ztsdb.core.promql.ast.VectorSelector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserTest {
    @Test
    void shouldFormatLikePrometheus() throws IOException {
        int cases = 0;
        try (InputStream in = ParserTest.class.getResourceAsStream("/promql/format-query-prometheus-2.42.tsv")) {
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                final String[] c = line.split("\t", 2);
                final String expected = unescape(c[1]);
                assertThat(Prettier.format(Parser.parse(c[0]))).as(c[0]).isEqualTo(expected);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(50);
    }

    /** Reads the resource's escapes: {@code \\n} is a newline, {@code \\\\} a backslash. */
    private static String unescape(final String text) {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                final char next = text.charAt(++i);
                sb.append(next == 'n' ? '\n' : next);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void shouldGiveUnaryMinusLowerPrecedenceThanPower() {
        final Expr expr = Parser.parse("-1^2");
        assertThat(expr).isInstanceOf(UnaryExpr.class);
        assertThat(((UnaryExpr) expr).expr()).isInstanceOf(BinaryExpr.class);
        assertThat(Parser.parse("-1")).isEqualTo(new NumberLiteral(-1, 0, 2));
    }

    @Test
    void shouldParseNumbersWithGoBasePrefixes() {
        assertThat(((NumberLiteral) Parser.parse("010")).value()).isEqualTo(8);
        assertThat(((NumberLiteral) Parser.parse("09")).value()).isEqualTo(9);
        assertThat(((NumberLiteral) Parser.parse("0x1f")).value()).isEqualTo(31);
        assertThat(((NumberLiteral) Parser.parse("inF")).value()).isInfinite();
        assertThat(((NumberLiteral) Parser.parse("nan")).value()).isNaN();
        assertThat(((NumberLiteral) Parser.parse("1e3")).value()).isEqualTo(1000);
    }

    @Test
    void shouldAcceptKeywordsAsMetricNamesAndLabels() {
        assertThat(Parser.parse("sum")).isInstanceOf(VectorSelector.class);
        assertThat(Parser.parse("SUM(foo)").toString()).isEqualTo("sum(foo)");
        assertThat(Parser.parse("sum by (on, by, offset) (foo)").toString())
            .isEqualTo("sum by (on, by, offset) (foo)");
        assertThat(Parser.parse("foo{by=\"1\", offset=\"2\"}").toString()).isEqualTo("foo{by=\"1\",offset=\"2\"}");
    }

    @Test
    void shouldReportErrorsWithPrometheusWording() {
        assertError("sum(", "1:5: parse error: unclosed left parenthesis");
        assertError("foo{", "1:5: parse error: unexpected end of input inside braces");
        assertError("1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier");
        assertError("rate(foo)",
            "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
        assertError("foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector " +
            "types");
        assertError("foo offset 5m offset 3m", "1:1: parse error: offset may not be set multiple times");
        assertError("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher");
        assertError("nosuchfn(x)", "1:1: parse error: unknown function with name \"nosuchfn\"");
        assertError("x[1.5m]", "1:3: parse error: not a valid duration string: \"1.5m\"");
        assertError("x[5m3h]", "1:3: parse error: not a valid duration string: \"5m3h\"");
        assertError("sum by (a) (x) by (b)", "1:16: parse error: unexpected <by>");
        assertError("topk(\"a\", x)", "1:6: parse error: expected type scalar in aggregation parameter, got string");
        assertError("count_values(1, x)",
            "1:14: parse error: expected type string in aggregation parameter, got scalar");
        assertError("foo and 1", "1:1: parse error: set operator \"and\" not allowed in binary scalar expression");
        assertError("time() > 1", "1:8: parse error: comparisons between scalars must use BOOL modifier");
        assertError("sum(foo,)", "1:8: parse error: trailing commas not allowed in function call args");
        assertError("", "1:1: parse error: no expression found in input");
        assertError("foo{a=~\"(\"}", null);
        assertError("x[0s]", "1:3: parse error: duration must be greater than 0");
        assertError("sum(x) offset 5m", "1:1: parse error: offset modifier must be preceded by an instant vector " +
            "selector or range vector selector or a subquery");
        assertError("x offset 5m [10m]", "1:13: parse error: no offset modifiers allowed before range");
        assertError("x[5m:1m][10m:1m]", "1:1: parse error: subquery is only allowed on instant vector, got matrix " +
            "instead");
        assertError("foo{__name__=\"bar\"}", "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"");
        assertError("abs(foo, bar)", "1:1: parse error: expected 1 argument(s) in call to \"abs\", got 2");
        assertError("foo and group_left bar", null);
        assertError("foo + on(a) group_left(a) bar", null);
        assertError("-foo[5m]", null);
    }

    @Test
    void shouldRefuseDeepNestingWithoutStackOverflow() {
        assertError("(".repeat(10_000) + "1" + ")".repeat(10_000), null);
    }

    private static void assertError(final String query, final String message) {
        assertThatThrownBy(() -> Parser.parse(query)).as(query).isInstanceOf(PromqlParseException.class)
            .satisfies(ex -> {
                if (message != null) {
                    assertThat(ex.getMessage()).isEqualTo(message);
                }
            });
    }
}
