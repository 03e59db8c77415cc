// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.core.SelectorSyntaxException;
import io.ztsdb.core.SeriesSelector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the selector parser ({@code match=} of the HTTP API): any text gives a selector or a
 * {@link SelectorSyntaxException} / {@link IllegalArgumentException}, never another exception. jqwik runs in every
 * build (fixed seed: random text, and valid selectors with characters flipped, inserted or cut); Jazzer runs
 * coverage-guided with {@code JAZZER_FUZZ=1 ./mvnw -pl tsdb-core test -Dtest=SelectorFuzzTest}, and replays its
 * saved inputs in every build.
 */
class SelectorFuzzTest {
    private static final List<String> VALID = List.of("container.cpu.usage", "cpu{host=\"a\"}",
        "container.cpu.usage{container_id=\"abc\",runtime=~\"docker|podman\"}", "{__name__=~\"cpu.*\",host!=\"\"}",
        "m{a!~\"x+\", b=\"q\\\"uote\"}", "up{job=\"node\"}");

    static void parse(final String text) {
        try {
            final SeriesSelector selector = SeriesSelector.parse(text);
            assertThat(selector).isNotNull();
        } catch (final SelectorSyntaxException | IllegalArgumentException expected) {
            // refused with a message: the HTTP API answers 400
        }
    }

    @FuzzTest(maxDuration = "20s")
    void parseAnyText(final String text) {
        parse(text);
    }

    @Property(tries = 3000, seed = "20261206")
    void shouldParseOrRefuseRandomText(@ForAll("text") final String text) {
        parse(text);
    }

    @Property(tries = 3000, seed = "20261206")
    void shouldParseOrRefuseMutatedSelectors(@ForAll("mutated") final String text) {
        parse(text);
    }

    @Property(tries = 50, seed = "20261206")
    void shouldParseEveryValidSelector(@ForAll("valid") final String text) {
        assertThat(SeriesSelector.parse(text)).isNotNull();
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars("{}=!~\",.|*+()[]\\ abc_xyz019\u00e9\u2028")
            .ofMaxLength(80);
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<String> mutated() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of(VALID), Arbitraries.integers().between(0, 200),
            Arbitraries.chars().with("{}=!~\",|*+()[\\ \u0000"), Arbitraries.integers().between(0, 2))
            .as((text, at, c, kind) -> {
                final int i = at % (text.length() + 1);
                return switch (kind) {
                    case 0 -> text.substring(0, i) + c + text.substring(i);
                    case 1 -> text.substring(0, i);
                    default -> i < text.length() ? text.substring(0, i) + c + text.substring(i + 1) : text + c;
                };
            });
    }
}
