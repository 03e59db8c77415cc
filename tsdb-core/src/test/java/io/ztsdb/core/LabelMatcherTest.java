// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelMatcherTest {
    @Test
    void shouldAnchorRegexAtBothEnds() {
        final LabelMatcher m = new LabelMatcher("a", LabelMatcher.Type.REGEX, "dock");
        assertThat(m.matches("dock")).isTrue();
        assertThat(m.matches("docker")).isFalse();
        assertThat(new LabelMatcher("a", LabelMatcher.Type.NOT_REGEX, "d.*").matches("docker")).isFalse();
    }

    @Test
    void shouldTreatMissingLabelAsEmptyValue() {
        assertThat(new LabelMatcher("a", LabelMatcher.Type.NOT_EQUAL, "x").matches("")).isTrue();
        assertThat(new LabelMatcher("a", LabelMatcher.Type.EQUAL, "").matches("")).isTrue();
        assertThat(new LabelMatcher("a", LabelMatcher.Type.REGEX, "x|").matches("")).isTrue();
    }

    @Test
    void shouldExtractLiteralAlternatives() {
        assertThat(new LabelMatcher("a", LabelMatcher.Type.REGEX, "docker|podman|docker").literalValues())
            .containsExactly("docker", "podman");
        assertThat(new LabelMatcher("a", LabelMatcher.Type.REGEX, "a\\.b|c-d").literalValues())
            .containsExactly("a.b", "c-d");
        assertThat(new LabelMatcher("a", LabelMatcher.Type.REGEX, "a.b").literalValues()).isNull();
        assertThat(new LabelMatcher("a", LabelMatcher.Type.REGEX, "(a|b)").literalValues()).isNull();
        assertThat(LabelMatcher.equal("a", "x.*").literalValues()).containsExactly("x.*");
    }
}
