// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.util.List;
import java.util.Map;

import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_FAMILY_NAME;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_HELP;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_TYPE;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_UNIT;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.TIMESERIES_HISTOGRAMS;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.TIMESERIES_LABELS;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.TIMESERIES_SAMPLES;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.WRITE_REQUEST_METADATA;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.WRITE_REQUEST_TIMESERIES;

/**
 * Walks a decompressed remote-write 1.0 {@code WriteRequest} over its bytes: each {@code TimeSeries}' label fields,
 * copied as they are, form its key in the {@link SeriesIdCache}; its samples go into the request's point buffer
 * under the cached id. No object per sample, none per known series.
 * <p>
 * Three passes, by what is known: {@link Pass#FAST} stops at the first series the cache does not know;
 * {@link Pass#COLLECT} lists the unknown series of the whole body, so that they are registered together;
 * {@link Pass#WRITE} writes with the registered ids (all three on an ingest worker). Each pass reads the whole body
 * before anything is stored, so a malformed body stores nothing. Native histograms and exemplars are skipped and
 * counted.
 */
public final class WriteRequestDecoder implements RemoteWriteDecoder {
    /** Most labels of one series, {@code __name__} included. */
    static final int MAX_LABELS = 65;
    /** Largest encoded label (name up to 255 chars, value up to 4096 chars of UTF-8). */
    static final int MAX_LABEL_BYTES = 255 * 3 + 4096 * 4 + 16;
    private static final String[] METRIC_TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram",
        "summary", "info", "stateset"};

    /** What a pass does with a series the cache does not know. */
    public enum Pass {
        /** Stop at the first unknown series. */
        FAST,
        /** List the unknown series. */
        COLLECT,
        /** Write with the registered ids. */
        WRITE
    }

    private final SeriesWriter writer;
    private final MetricMetadataStore metadata;

    /**
     * @param cache    ids of known series by key.
     * @param metadata receives the metric metadata of the requests.
     */
    public WriteRequestDecoder(final SeriesIdCache cache, final MetricMetadataStore metadata) {
        this.writer = new SeriesWriter(cache, TIMESERIES_SAMPLES, TIMESERIES_HISTOGRAMS);
        this.metadata = metadata;
    }

    @Override
    public boolean decode(final IngestScratch scratch, final Pass pass, final List<NewSeries> collected,
        final Map<Long, NewSeries> newSeries) {
        writer.reset();
        final ProtobufReader reader = new ProtobufReader(scratch.inflated.array(), 0, scratch.inflated.length());
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            switch (tag >>> 3) {
                case WRITE_REQUEST_TIMESERIES -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    final int outer = reader.enterMessage();
                    final boolean known = series(reader, scratch, pass, collected, newSeries);
                    reader.exitMessage(outer);
                    if (!known) {
                        return false;
                    }
                }
                case WRITE_REQUEST_METADATA -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    final int outer = reader.enterMessage();
                    if (pass != Pass.COLLECT) {
                        metadata(reader);
                    }
                    reader.exitMessage(outer);
                }
                default -> reader.skip(tag);
            }
        }
        return true;
    }

    @Override
    public int samples() {
        return writer.samples();
    }

    @Override
    public int refusedSamples() {
        return writer.refusedSamples();
    }

    @Override
    public int skippedHistograms() {
        return writer.skippedHistograms();
    }

    @Override
    public String firstError() {
        return writer.firstError();
    }

    @Override
    public RemoteWriteProto proto() {
        return RemoteWriteProto.V1;
    }

    private boolean series(final ProtobufReader reader, final IngestScratch scratch, final Pass pass,
        final List<NewSeries> collected, final Map<Long, NewSeries> newSeries) {
        final int start = reader.position();
        final int end = reader.limit();
        final int keyStart = scratch.key.length();
        final String invalid = copyLabels(reader, scratch.inflated.array(), scratch.key);
        return writer.write(reader, start, end, scratch, keyStart, invalid, pass, collected, newSeries);
    }

    /**
     * Copies the label fields of the series (tag, length, payload) into {@code key}, checking their number and size.
     *
     * @return why the series is refused, or null.
     */
    private static String copyLabels(final ProtobufReader reader, final byte[] body, final ByteArray key) {
        int labels = 0;
        String invalid = null;
        while (reader.hasRemaining()) {
            final int fieldStart = reader.position();
            final int tag = reader.readTag();
            if (tag >>> 3 != TIMESERIES_LABELS) {
                reader.skip(tag);
                continue;
            }
            reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
            final int outer = reader.enterMessage();
            final int payloadEnd = reader.limit();
            reader.exitMessage(outer);
            labels++;
            if (labels > MAX_LABELS) {
                invalid = tooManyLabels();
            } else if (payloadEnd - fieldStart > MAX_LABEL_BYTES) {
                invalid = labelTooLong(payloadEnd - fieldStart);
            } else if (invalid == null) {
                key.append(body, fieldStart, payloadEnd - fieldStart);
            }
        }
        return invalid;
    }

    private void metadata(final ProtobufReader reader) {
        int type = 0;
        String family = null;
        String help = "";
        String unit = "";
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            switch (tag >>> 3) {
                case METADATA_TYPE -> {
                    reader.expectWireType(tag, WireType.VARINT);
                    type = (int) reader.readVarint();
                }
                case METADATA_FAMILY_NAME -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    family = reader.readString();
                }
                case METADATA_HELP -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    help = reader.readString();
                }
                case METADATA_UNIT -> {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    unit = reader.readString();
                }
                default -> reader.skip(tag);
            }
        }
        if (family != null) {
            metadata.put(family, new MetricMetadataStore.Metadata(metricType(type), help, unit));
        }
    }

    /** @return the name of a {@code MetricType} number (1.0 and 2.0 number them alike). */
    static String metricType(final long type) {
        return type >= 0 && type < METRIC_TYPES.length ? METRIC_TYPES[(int) type] : "unknown";
    }

    static String tooManyLabels() {
        return "too many labels: more than " + MAX_LABELS + " (including __name__)";
    }

    static String labelTooLong(final int encodedBytes) {
        return "label too long: " + encodedBytes + " bytes encoded, the limit is 255 chars of name and 4096 chars "
            + "of value";
    }
}
