// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.protocol.prometheus.RemoteProtoDescriptor;
import io.ztsdb.protocol.protobuf.ProtobufWriter;
import io.ztsdb.protocol.snappy.SnappyBlock;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Encodes one request's samples (in arrival order, any mix of series) as a snappy-compressed remote-write
 * {@code WriteRequest}: one {@code TimeSeries} per series, its samples in arrival order. Samples are grouped by a
 * counting sort over the series met in the request, so the work is linear. Reused: the only allocation is the
 * compressed body, once per request.
 */
final class WriteRequestBuilder {
    private final SeriesLabelEncoder labels;
    private final ProtobufWriter writer = new ProtobufWriter(1 << 20);
    private final Long2LongHashMap ordinals = new Long2LongHashMap(-1);
    private long[] seriesOfOrdinal = new long[1024];
    private int[] starts = new int[1025];
    private int[] next = new int[1024];
    private int[] order = new int[1024];
    private int[] ordinalOfSample = new int[1024];
    private byte[] body = new byte[0];

    WriteRequestBuilder(final SeriesLabelEncoder labels) {
        this.labels = labels;
    }

    /**
     * Encodes {@code count} samples; the result is {@link #body()}.
     *
     * @return the uncompressed length.
     */
    int encode(final long[] seriesIds, final long[] timestamps, final double[] values, final int count) {
        final int seriesCount = groupBySeries(seriesIds, count);
        writer.reset();
        for (int s = 0; s < seriesCount; s++) {
            final int series = writer.beginMessage(RemoteProtoDescriptor.WRITE_REQUEST_TIMESERIES);
            final byte[] encodedLabels = labels.labelsOf(seriesOfOrdinal[s]);
            writer.raw(encodedLabels, 0, encodedLabels.length);
            for (int k = starts[s]; k < starts[s + 1]; k++) {
                final int i = order[k];
                final int sample = writer.beginMessage(RemoteProtoDescriptor.TIMESERIES_SAMPLES);
                writer.doubleField(RemoteProtoDescriptor.SAMPLE_VALUE, values[i]);
                writer.int64Field(RemoteProtoDescriptor.SAMPLE_TIMESTAMP, timestamps[i]);
                writer.endMessage(sample);
            }
            writer.endMessage(series);
        }
        body = SnappyBlock.compress(writer.buffer(), 0, writer.length());
        return writer.length();
    }

    /** @return the compressed request of the last {@link #encode}. */
    byte[] body() {
        return body;
    }

    /** Counting sort: ordinals by first appearance, then each sample's index placed in its series' run. */
    private int groupBySeries(final long[] seriesIds, final int count) {
        ordinals.clear();
        if (order.length < count) {
            order = new int[count];
            ordinalOfSample = new int[count];
        }
        int seriesCount = 0;
        for (int i = 0; i < count; i++) {
            long ordinal = ordinals.get(seriesIds[i]);
            if (ordinal < 0) {
                ordinal = seriesCount++;
                ordinals.put(seriesIds[i], ordinal);
                if (seriesCount >= seriesOfOrdinal.length) {
                    seriesOfOrdinal = Arrays.copyOf(seriesOfOrdinal, seriesCount * 2);
                    starts = Arrays.copyOf(starts, seriesCount * 2 + 1);
                    next = new int[seriesCount * 2];
                }
                seriesOfOrdinal[(int) ordinal] = seriesIds[i];
                starts[(int) ordinal + 1] = 0;
            }
            ordinalOfSample[i] = (int) ordinal;
            starts[(int) ordinal + 1]++;
        }
        starts[0] = 0;
        for (int s = 0; s < seriesCount; s++) {
            starts[s + 1] += starts[s];
            next[s] = starts[s];
        }
        for (int i = 0; i < count; i++) {
            order[next[ordinalOfSample[i]]++] = i;
        }
        return seriesCount;
    }
}
