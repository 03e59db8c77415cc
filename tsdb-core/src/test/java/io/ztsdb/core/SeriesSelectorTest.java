// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesSelectorTest {
    @Test
    void shouldParseMetricAndAllFourOperators() {
        final SeriesSelector s = SeriesSelector.parse(
            "container.cpu.usage{container_id=\"abc\",runtime=~\"docker|podman\",x!=\"y\",z!~'a.*'}");
        assertThat(s.metric()).isEqualTo("container.cpu.usage");
        assertThat(s.matchers()).containsExactly(
            new LabelMatcher("container_id", LabelMatcher.Type.EQUAL, "abc"),
            new LabelMatcher("runtime", LabelMatcher.Type.REGEX, "docker|podman"),
            new LabelMatcher("x", LabelMatcher.Type.NOT_EQUAL, "y"),
            new LabelMatcher("z", LabelMatcher.Type.NOT_REGEX, "a.*"));
        assertThat(s.allMatchers().getFirst()).isEqualTo(LabelMatcher.equal("__name__", "container.cpu.usage"));
    }

    @Test
    void shouldAllowWhitespaceTrailingCommaAndNoMetric() {
        final SeriesSelector s = SeriesSelector.parse("  { a = \"1\" , b =~ `x\\d+` , }  ");
        assertThat(s.metric()).isNull();
        assertThat(s.matchers()).containsExactly(LabelMatcher.equal("a", "1"),
            new LabelMatcher("b", LabelMatcher.Type.REGEX, "x\\d+"));
        assertThat(SeriesSelector.parse("up").matchers()).isEmpty();
        assertThat(SeriesSelector.parse("up{}").metric()).isEqualTo("up");
    }

    @Test
    void shouldDecodeEscapesAndKeepUnknownOnes() {
        final SeriesSelector s = SeriesSelector.parse("m{a=\"q\\\"b\\\\c\\nd\",b=~\"a\\.b\"}");
        assertThat(s.matchers().get(0).value()).isEqualTo("q\"b\\c\nd");
        assertThat(s.matchers().get(1).value()).isEqualTo("a\\.b");
    }

    @Test
    void shouldRoundTripThroughToString() {
        for (final String text : List.of("m{a=\"q\\\"b\\\\c\\nd\",b=~\"a\\\\.b\"}", "{__name__=~\"cpu.*\"}",
            "container.cpu.usage{container_id=\"abc\",x!=\"y\"}")) {
            final SeriesSelector s = SeriesSelector.parse(text);
            assertThat(SeriesSelector.parse(s.toString())).isEqualTo(s);
        }
    }

    @Test
    void shouldReportPositionOfSyntaxErrors() {
        assertError("m{a==\"1\"}", 4, "expected a quoted value");
        assertError("m{a:\"1\"}", 3, "expected '=', '!=', '=~' or '!~'");
        assertError("m{a=\"1\"", 7, "expected ',' or '}'");
        assertError("m{a=\"1}", 4, "unterminated quoted value");
        assertError("m{=\"1\"}", 2, "expected a label name");
        assertError("m{a=\"1\"} x", 9, "unexpected 'x' after the selector");
        assertError("", 0, "empty selector");
        assertError("m{a=~\"(\"}", 5, "bad regular expression for label a");
    }

    @Test
    void shouldRejectSelectorThatMatchesEverySeries() {
        assertThatThrownBy(() -> SeriesSelector.parse("{a!=\"1\"}")).isInstanceOf(SelectorSyntaxException.class)
            .hasMessageContaining("needs a metric name or a matcher that does not match the empty string");
        assertThatThrownBy(() -> SeriesSelector.parse("{a=~\".*\"}")).isInstanceOf(SelectorSyntaxException.class);
        assertThat(SeriesSelector.parse("{a=~\".+\"}").metric()).isNull();
    }

    private static void assertError(final String text, final int position, final String message) {
        assertThatThrownBy(() -> SeriesSelector.parse(text))
            .isInstanceOfSatisfying(SelectorSyntaxException.class, ex -> {
                assertThat(ex.position()).as(text).isEqualTo(position);
                assertThat(ex.selector()).isEqualTo(text);
            })
            .hasMessageContaining(message);
    }
}
