// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.promql.MetricNames;
import io.ztsdb.protocol.prometheus.RemoteProtoDescriptor;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * The {@code Label} fields of each series, encoded once and kept: a named series under its Prometheus names
 * ({@code container.cpu.usage} becomes {@code __name__="container_cpu_usage"}, label names likewise), a raw-id
 * series as {@value MetricNames#ID_LABEL} with its unsigned id, as PromQL shows them. Labels are sorted by name
 * as remote write requires. One per shard: a series always goes to the same shard.
 */
final class SeriesLabelEncoder {
    private final LongFunction<SeriesInfo> lookup;
    private final Long2ObjectHashMap<byte[]> encoded = new Long2ObjectHashMap<>();
    private final ProtobufWriter writer = new ProtobufWriter(256);

    /** @param lookup the engine's series by id ({@code Tsdb::findSeries}); null for an unknown id. */
    SeriesLabelEncoder(final LongFunction<SeriesInfo> lookup) {
        this.lookup = lookup;
    }

    /** @return the encoded label fields of the series. */
    byte[] labelsOf(final long seriesId) {
        byte[] bytes = encoded.get(seriesId);
        if (bytes == null) {
            bytes = encode(seriesId, lookup.apply(seriesId));
            encoded.put(seriesId, bytes);
        }
        return bytes;
    }

    private byte[] encode(final long seriesId, final SeriesInfo info) {
        final String[][] pairs;
        if (info == null || !info.isNamed()) {
            pairs = new String[][] {{MetricNames.ID_LABEL, Long.toUnsignedString(seriesId)}};
        } else {
            final Labels labels = info.labels();
            pairs = new String[labels.size() + 1][];
            pairs[0] = new String[] {"__name__", MetricNames.toPrometheus(info.metric())};
            for (int i = 0; i < labels.size(); i++) {
                pairs[i + 1] = new String[] {MetricNames.labelToPrometheus(labels.name(i)), labels.value(i)};
            }
            Arrays.sort(pairs, (a, b) -> a[0].compareTo(b[0]));
        }
        writer.reset();
        for (final String[] pair : pairs) {
            final int mark = writer.beginMessage(RemoteProtoDescriptor.TIMESERIES_LABELS);
            writer.stringField(RemoteProtoDescriptor.LABEL_NAME, pair[0]);
            writer.stringField(RemoteProtoDescriptor.LABEL_VALUE, pair[1]);
            writer.endMessage(mark);
        }
        return writer.toByteArray();
    }
}
