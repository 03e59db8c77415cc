// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.protocol.prometheus.RemoteProtoDescriptor;
import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.snappy.SnappyBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Test-side decoder of snappy-compressed remote-write requests. */
final class WriteRequests {
    /** One decoded TimeSeries. */
    record Series(List<String[]> labelPairs, List<Long> timestamps, List<Double> values) {
        Map<String, String> labels() {
            final Map<String, String> map = new TreeMap<>();
            labelPairs.forEach(p -> map.put(p[0], p[1]));
            return map;
        }
    }

    private WriteRequests() {
    }

    static List<Series> decode(final byte[] snappy) {
        final byte[] raw = SnappyBlock.decompress(snappy, 0, snappy.length, 256 << 20);
        final ProtobufReader reader = new ProtobufReader(raw, 0, raw.length);
        final List<Series> result = new ArrayList<>();
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            if ((tag >>> 3) != RemoteProtoDescriptor.WRITE_REQUEST_TIMESERIES) {
                reader.skip(tag);
                continue;
            }
            final int outer = reader.enterMessage();
            final Series series = new Series(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            while (reader.hasRemaining()) {
                final int field = reader.readTag();
                final int inner = reader.enterMessage();
                if ((field >>> 3) == RemoteProtoDescriptor.TIMESERIES_LABELS) {
                    final String[] pair = {"", ""};
                    while (reader.hasRemaining()) {
                        final int t = reader.readTag();
                        pair[(t >>> 3) == RemoteProtoDescriptor.LABEL_NAME ? 0 : 1] = reader.readString();
                    }
                    series.labelPairs().add(pair);
                } else {
                    long timestamp = 0;
                    double value = 0;
                    while (reader.hasRemaining()) {
                        final int t = reader.readTag();
                        if ((t >>> 3) == RemoteProtoDescriptor.SAMPLE_VALUE) {
                            value = reader.readDouble();
                        } else {
                            timestamp = reader.readVarint();
                        }
                    }
                    series.timestamps().add(timestamp);
                    series.values().add(value);
                }
                reader.exitMessage(inner);
            }
            reader.exitMessage(outer);
            result.add(series);
        }
        return result;
    }

    static int sampleCount(final List<Series> series) {
        return series.stream().mapToInt(s -> s.timestamps().size()).sum();
    }
}
