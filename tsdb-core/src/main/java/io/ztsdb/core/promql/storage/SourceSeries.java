// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.promql.storage;

import io.ztsdb.core.promql.LabelSet;

/**
 * A stored series selected for a query: its id and its labels in Prometheus form.
 *
 * @param id     the series id.
 * @param labels the labels, {@code __name__} included.
 */
public record SourceSeries(long id, LabelSet labels) {
}
