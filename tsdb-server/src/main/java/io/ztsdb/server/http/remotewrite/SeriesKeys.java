// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.server.ingest.NewSeries;

import java.util.ArrayList;
import java.util.List;

import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.LABEL_NAME;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.LABEL_VALUE;

/**
 * Reads the names of a series from its key (its label fields as the request carried them): {@code __name__} is the
 * metric, labels with an empty value are left out (Prometheus treats an empty label as an absent one).
 */
final class SeriesKeys {
    static final String NAME_LABEL = "__name__";

    private SeriesKeys() {
    }

    static NewSeries parse(final byte[] key, final int offset, final int length, final long hash) {
        final ProtobufReader reader = new ProtobufReader(key, offset, length);
        String metric = null;
        final List<String> pairs = new ArrayList<>();
        while (reader.hasRemaining()) {
            reader.readTag();
            final int outer = reader.enterMessage();
            String name = "";
            String value = "";
            while (reader.hasRemaining()) {
                final int tag = reader.readTag();
                if (tag >>> 3 == LABEL_NAME) {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    name = reader.readString();
                } else if (tag >>> 3 == LABEL_VALUE) {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    value = reader.readString();
                } else {
                    reader.skip(tag);
                }
            }
            reader.exitMessage(outer);
            if (NAME_LABEL.equals(name)) {
                metric = value;
            } else if (!value.isEmpty()) {
                pairs.add(name);
                pairs.add(value);
            }
        }
        if (metric == null || metric.isEmpty()) {
            return NewSeries.refused("series without a __name__ label");
        }
        return new NewSeries(metric, pairs.toArray(String[]::new), offset, length, hash);
    }
}
