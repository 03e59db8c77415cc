// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.core.promql.PromqlParseException;
import io.ztsdb.core.promql.parser.Parser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the PromQL parser ({@code query=} of {@code /api/v1/query}): any text gives an expression or a
 * {@link PromqlParseException} with a position inside the text, never another exception (no stack overflow on deep
 * nesting, no index out of bounds). jqwik runs in every build (fixed seed: random text over PromQL's characters, and
 * valid queries with characters flipped, inserted, cut or a slice repeated); Jazzer runs coverage-guided with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl tsdb-core test -Dtest=PromqlParserFuzzTest}, and replays its saved inputs in every
 * build.
 */
class PromqlParserFuzzTest {
    private static final List<String> VALID = List.of("up", "rate(http_requests_total{job=\"api\"}[5m])",
        "sum by (job) (rate(x[1m])) / ignoring(instance) group_left(a) count(y offset 5m)",
        "histogram_quantile(0.9, sum(rate(b_bucket[5m])) by (le))", "-1.5e3 + 0x1F * Inf - NaN",
        "topk(3, m @ 1700000000) unless on(a) n", "avg_over_time(m[10m:1m] offset -1h)",
        "label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\")", "{__name__=~\"cpu.+\", a!~'x|y', b!=`z`}",
        "x > bool 2 and - - +y", "max_over_time(deriv(rate(c[1m])[5m:])[1h:5m])", "sort_desc(-(a)) ^ 2 % 3",
        "absent(nonexistent{job=\"myjob\"}) or vector(1)", "count_values(\"v\", m)", "quantile(0.5, m) atan2 n");

    static void parse(final String text) {
        try {
            assertThat(Parser.parse(text)).isNotNull();
        } catch (final PromqlParseException refused) {
            assertThat(refused.position()).as(refused.getMessage()).isBetween(0, text.length());
            assertThat(refused.getMessage()).contains("parse error");
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parseAnyText(final String text) {
        if (text != null) { // Jazzer's first input; the HTTP API never passes null
            parse(text);
        }
    }

    @Property(tries = 3000, seed = "20261206")
    void shouldParseOrRefuseRandomText(@ForAll("text") final String text) {
        parse(text);
    }

    @Property(tries = 3000, seed = "20261206")
    void shouldParseOrRefuseMutatedQueries(@ForAll("mutated") final String text) {
        parse(text);
    }

    @Property(tries = 50, seed = "20261206")
    void shouldParseEveryValidQuery(@ForAll("valid") final String text) {
        assertThat(Parser.parse(text)).isNotNull();
    }

    @Property(tries = 20, seed = "20261206")
    void shouldRefuseOrParseDeepNestingWithoutOverflow(@ForAll("deep") final String text) {
        parse(text);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars("(){}[]=!~<>\"'`,.:@^%*/+-_ 0123456789eExXabmsy#\\\n\u00e9\u2028")
            .ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<String> deep() {
        return Combinators.combine(Arbitraries.of("(", "-", "sum(", "rate(", "{", "[", "abs(", "x[1m:]"),
            Arbitraries.integers().between(1, 20_000), Arbitraries.of("", "1", "x", ")"))
            .as((open, depth, end) -> open.repeat(depth) + end + ")".repeat(depth / 2));
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 200),
            Arbitraries.chars().with("(){}[]=!~\"'`,:@^+-*/ \\\u0000"), Arbitraries.integers().between(0, 3))
            .as((text, at, c, kind) -> {
                final int i = at % (text.length() + 1);
                return switch (kind) {
                    case 0 -> text.substring(0, i) + c + text.substring(i);
                    case 1 -> text.substring(0, i);
                    case 2 -> i < text.length() ? text.substring(0, i) + c + text.substring(i + 1) : text + c;
                    default -> text.substring(0, i) + text.substring(i, Math.min(text.length(), i + 6)).repeat(3)
                        + text.substring(i);
                };
            });
    }
}
