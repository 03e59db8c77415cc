// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.index;

import io.ztsdb.core.LabelMatcher;
import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesSelector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelIndexTest {
    private static final long SEED = 7;
    private static final String[] METRICS = {"container.cpu.usage", "container.memory.bytes", "container.net.rx.bytes"};
    private static final String[] RUNTIMES = {"docker", "podman", "containerd", "crio"};

    @Test
    void shouldSelectByEqualityAndRegexAndNegation() {
        final LabelIndex index = new LabelIndex();
        index.add(0, "cpu", Labels.of("id", "a", "rt", "docker"));
        index.add(1, "cpu", Labels.of("id", "b", "rt", "podman"));
        index.add(2, "cpu", Labels.of("id", "c"));
        index.add(3, "mem", Labels.of("id", "a", "rt", "docker"));
        assertThat(select(index, "cpu")).containsExactly(0, 1, 2);
        assertThat(select(index, "cpu{rt=\"docker\"}")).containsExactly(0);
        assertThat(select(index, "cpu{rt!=\"docker\"}")).containsExactly(1, 2);
        assertThat(select(index, "cpu{rt=~\"docker|podman\"}")).containsExactly(0, 1);
        assertThat(select(index, "cpu{rt=~\"d.*\"}")).containsExactly(0);
        assertThat(select(index, "cpu{rt!~\"d.*\"}")).containsExactly(1, 2);
        assertThat(select(index, "cpu{rt=\"\"}")).containsExactly(2);
        assertThat(select(index, "{id=\"a\"}")).containsExactly(0, 3);
        assertThat(select(index, "{__name__=~\"cpu|mem\",id=\"a\"}")).containsExactly(0, 3);
        assertThat(select(index, "cpu{nope=\"x\"}")).isEmpty();
        assertThat(select(index, "nothing")).isEmpty();
    }

    @Test
    void shouldListLabelNamesAndValues() {
        final LabelIndex index = new LabelIndex();
        index.add(0, "cpu", Labels.of("id", "a", "rt", "docker"));
        index.add(1, "mem", Labels.of("id", "b"));
        assertThat(index.labelNames()).containsExactlyInAnyOrder("__name__", "id", "rt");
        assertThat(index.labelValues("id")).containsExactlyInAnyOrder("a", "b");
        assertThat(index.labelValues("__name__")).containsExactlyInAnyOrder("cpu", "mem");
        assertThat(index.labelValues("unknown")).isEmpty();
    }

    @Test
    void shouldRejectOrdinalsOutOfOrder() {
        final LabelIndex index = new LabelIndex();
        assertThatThrownBy(() -> index.add(1, "cpu", Labels.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAgreeWithBruteForceOnRandomSelectors() {
        final Random random = new Random(SEED);
        final LabelIndex index = new LabelIndex();
        final List<String> metrics = new ArrayList<>();
        final List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            final String metric = METRICS[random.nextInt(METRICS.length)];
            final List<String> pairs = new ArrayList<>(List.of("id", "c" + random.nextInt(300)));
            if (random.nextInt(4) > 0) {
                pairs.addAll(List.of("rt", RUNTIMES[random.nextInt(RUNTIMES.length)]));
            }
            if (random.nextBoolean()) {
                pairs.addAll(List.of("host", "h" + random.nextInt(10)));
            }
            final Labels l = Labels.of(pairs.toArray(String[]::new));
            index.add(i, metric, l);
            metrics.add(metric);
            labels.add(l);
        }
        final String[] selectors = {
            "container.cpu.usage{rt=\"docker\"}", "{rt=~\"docker|crio\",host=\"h3\"}",
            "container.memory.bytes{rt!=\"docker\",host!~\"h1|h2\"}", "{id=~\"c1.*\",rt!~\"pod.*\"}",
            "{__name__=~\"container\\\\.net.*\",rt=\"\"}", "{host=~\"h[0-4]\",id!=\"c7\"}",
            "container.cpu.usage{id=~\"c1|c2|c3|c250\"}",
        };
        for (final String text : selectors) {
            final SeriesSelector selector = SeriesSelector.parse(text);
            final List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < metrics.size(); i++) {
                if (matchesAll(selector.allMatchers(), metrics.get(i), labels.get(i))) {
                    expected.add(i);
                }
            }
            assertThat(index.select(selector.allMatchers())).as("%s seed %d", text, SEED)
                .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private static boolean matchesAll(final List<LabelMatcher> matchers, final String metric, final Labels labels) {
        for (final LabelMatcher m : matchers) {
            final String value = m.name().equals("__name__") ? metric : labels.get(m.name());
            if (!m.matches(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }

    private static int[] select(final LabelIndex index, final String selector) {
        return index.select(SeriesSelector.parse(selector).allMatchers());
    }
}
