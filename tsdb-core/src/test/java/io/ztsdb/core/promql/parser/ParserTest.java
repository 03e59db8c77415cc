// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.parser;

import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.ast.BinaryExpr;
import io.ztsdb.core.promql.ast.Expr;
import io.ztsdb.core.promql.ast.NumberLiteral;
import io.ztsdb.core.promql.ast.UnaryExpr;
import io.ztsdb.core.promql.ast.VectorSelector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserTest {
    /** Query, and Prometheus 2.42's answer to {@code /api/v1/format_query} for it (recorded from the real one). */
    private static final String[][] FORMATTED = {
            {"sum(rate(foo[5m]))by(job)", "sum by (job) (rate(foo[5m]))"},
            {"1000000", "1e+06"},
            {"123456.5", "123456.5"},
            {"0.00001", "1e-05"},
            {"1e-5", "1e-05"},
            {"0x1F + 010", "31 + 8"},
            {"-1^2", "-1 ^ 2"},
            {"- 2 ^ 2", "-2 ^ 2"},
            {"1 + -2 * 3", "1 + -2 * 3"},
            {"foo offset 5m", "foo offset 5m"},
            {"foo offset -5m", "foo offset -5m"},
            {"foo @ 100", "foo @ 100.000"},
            {"foo @ 100.5 offset 1h30m", "foo @ 100.500 offset 1h30m"},
            {"foo[5m] @ start() offset 1d", "foo[5m] @ start() offset 1d"},
            {"rate(foo[5m:1m])", "rate(foo[5m:1m])"},
            {"foo[1h:] offset 1w", "foo[1h:] offset 1w"},
            {"avg without(a,b) (foo)", "avg without (a, b) (foo)"},
            {"topk(3, foo) by (x)", "topk by (x) (3, foo)"},
            {"count_values(\"v\", foo)", "count_values(\"v\", foo)"},
            {"quantile(0.9, foo)", "quantile(0.9, foo)"},
            {"foo * on(a) group_left(b) bar", "foo * on (a) group_left (b) bar"},
            {"foo / ignoring(a) group_right bar", "foo / ignoring (a) group_right () bar"},
            {"foo and on() bar", "foo and on () bar"},
            {"foo or ignoring(x) bar", "foo or ignoring (x) bar"},
            {"foo unless bar", "foo unless bar"},
            {"foo > bool 5", "foo > bool 5"},
            {"a == b", "a == b"},
            {"a atan2 b", "a atan2 b"},
            {"label_replace(foo, \"dst\", \"$1\", \"src\", \"(.*)\")", "label_replace(foo, \"dst\", \"$1\", \"src\", \"(.*)\")"},
            {"{__name__=~\"foo.*\", job!=\"x\"}", "{__name__=~\"foo.*\",job!=\"x\"}"},
            {"foo{a=\"b\",c=~\"d|e\"}", "foo{a=\"b\",c=~\"d|e\"}"},
            {"foo{c=\"\\n\\\"x\"}", "foo{c=\"\\n\\\"x\"}"},
            {"foo{a='single'}", "foo{a=\"single\"}"},
            {"foo{a=`raw\\n`}", "foo{a=\"raw\\\\n\"}"},
            {"time()", "time()"},
            {"vector(1)", "vector(1)"},
            {"Inf", "+Inf"},
            {"-Inf", "-Inf"},
            {"NaN", "NaN"},
            {"\"str\"", "\"str\""},
            {"(foo + bar) * 2", "(foo + bar) * 2"},
            {"sum(foo) - sum by (x) (bar) / count(baz) ^ 2 ^ 3", "sum(foo) - sum by (x) (bar) / count(baz) ^ 2 ^ 3"},
            {"foo + bar offset 5m", "foo + bar offset 5m"},
            {"histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\",method=~\"GET|POST\"}[5m])))", "histogram_quantile(\n  0.9,\n  sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\",method=~\"GET|POST\"}[5m]))\n)"},
            {"sum by (namespace, pod, container, instance, job, cluster) (rate(container_cpu_usage_seconds_total{container!=\"\", image!=\"\"}[5m])) / on (namespace, pod) group_left (node) kube_pod_info", "  sum by (namespace, pod, container, instance, job, cluster) (\n    rate(container_cpu_usage_seconds_total{container!=\"\",image!=\"\"}[5m])\n  )\n/ on (namespace, pod) group_left (node)\n  kube_pod_info"},
            {"max_over_time(deriv(rate(foo[5m])[30m:1m])[1h:5m])", "max_over_time(deriv(rate(foo[5m])[30m:1m])[1h:5m])"},
            {"-foo", "-foo"},
            {"+foo", "+foo"},
            {"- - 1", "1"},
            {"1.5e3", "1500"},
            {".5", "0.5"},
            {"5.", "5"},
            {"round(foo, 0.5)", "round(foo, 0.5)"},
            {"days_in_month()", "days_in_month()"},    };

    @Test
    void shouldFormatLikePrometheus() {
        for (final String[] c : FORMATTED) {
            assertThat(Prettier.format(Parser.parse(c[0]))).as(c[0]).isEqualTo(c[1]);
        }
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
