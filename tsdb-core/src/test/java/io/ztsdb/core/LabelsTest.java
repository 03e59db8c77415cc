// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTest {
    @Test
    void shouldSortLabelsByName() {
        final Labels labels = Labels.of("runtime", "docker", "container_id", "abc", "name", "web");
        assertThat(labels.size()).isEqualTo(3);
        assertThat(labels.name(0)).isEqualTo("container_id");
        assertThat(labels.name(1)).isEqualTo("name");
        assertThat(labels.name(2)).isEqualTo("runtime");
        assertThat(labels.value(2)).isEqualTo("docker");
        assertThat(labels.get("name")).isEqualTo("web");
        assertThat(labels.get("missing")).isNull();
        assertThat(labels).hasToString("{container_id=\"abc\",name=\"web\",runtime=\"docker\"}");
    }

    @Test
    void shouldBeEqualWhateverTheInputOrder() {
        assertThat(Labels.of("a", "1", "b", "2")).isEqualTo(Labels.of(Map.of("b", "2", "a", "1")))
            .hasSameHashCodeAs(Labels.of("b", "2", "a", "1"));
        assertThat(Labels.of("a", "1")).isNotEqualTo(Labels.of("a", "2"));
        assertThat(Labels.of()).isSameAs(Labels.empty());
    }

    @Test
    void shouldNotChangeWhenInputArrayChanges() {
        final String[] input = {"a", "1"};
        final Labels labels = Labels.of(input);
        input[1] = "2";
        assertThat(labels.get("a")).isEqualTo("1");
    }

    @Test
    void shouldRejectBadLabels() {
        assertThatThrownBy(() -> Labels.of("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessageContaining("duplicate label name: name=a");
        assertThatThrownBy(() -> Labels.of("1a", "x")).hasMessageContaining("label name must match");
        assertThatThrownBy(() -> Labels.of("__name__", "x")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Labels.of("a", "")).hasMessageContaining("label value must have");
        assertThatThrownBy(() -> Labels.of("a", "\ud800")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void shouldValidateMetricNames() {
        assertThat(Labels.checkMetricName("container.cpu.usage")).isEqualTo("container.cpu.usage");
        assertThat(Labels.checkMetricName("http_requests:rate5m")).isEqualTo("http_requests:rate5m");
        assertThatThrownBy(() -> Labels.checkMetricName(".cpu")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Labels.checkMetricName("cpu usage")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Labels.checkMetricName("")).isInstanceOf(IllegalArgumentException.class);
    }
}
