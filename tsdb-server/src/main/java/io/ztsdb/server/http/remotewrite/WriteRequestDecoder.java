// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_FAMILY_NAME;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_HELP;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_TYPE;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.METADATA_UNIT;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.SAMPLE_TIMESTAMP;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.SAMPLE_VALUE;
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
public final class WriteRequestDecoder {
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

    private final SeriesIdCache cache;
    private final MetricMetadataStore metadata;
    private int samples;
    private int refusedSamples;
    private int skippedHistograms;
    private String firstError;

    /**
     * @param cache    ids of known series by key.
     * @param metadata receives the metric metadata of the requests.
     */
    public WriteRequestDecoder(final SeriesIdCache cache, final MetricMetadataStore metadata) {
        this.cache = cache;
        this.metadata = metadata;
    }

    /**
     * Decodes the body in {@code scratch.inflated} and adds its points to {@code scratch.points}.
     *
     * @param pass     what to do with unknown series.
     * @param scratch   the request's buffers: {@code inflated} holds the body.
     * @param collected COLLECT: receives the unknown series.
     * @param newSeries COLLECT: receives the unknown series by key hash; WRITE: the registered ones.
     * @return false when a FAST pass met an unknown series (its points are incomplete: discard them).
     * @throws io.ztsdb.protocol.protobuf.ProtobufFormatException on a malformed body.
     */
    public boolean decode(final IngestScratch scratch, final Pass pass, final List<NewSeries> collected,
        final Map<Long, NewSeries> newSeries) {
        samples = 0;
        refusedSamples = 0;
        skippedHistograms = 0;
        firstError = null;
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

    /** @return samples of the last pass. */
    public int samples() {
        return samples;
    }

    /** @return samples of the last pass not written (their series was refused). */
    int refusedSamples() {
        return refusedSamples;
    }

    /** @return native histogram samples skipped by the last pass. */
    int skippedHistograms() {
        return skippedHistograms;
    }

    /** @return why the first refused series was refused, null when none was. */
    String firstError() {
        return firstError;
    }

    private boolean series(final ProtobufReader reader, final IngestScratch scratch, final Pass pass,
        final List<NewSeries> collected, final Map<Long, NewSeries> newSeries) {
        final int start = reader.position();
        final int end = reader.limit();
        final ByteArray key = scratch.key;
        final int keyStart = key.length();
        final String invalid = copyLabels(reader, scratch.inflated.array(), key);
        final int keyLength = key.length() - keyStart;
        final long hash = SeriesIdCache.hash(key.array(), keyStart, keyLength);
        long id = invalid == null ? cache.get(key.array(), keyStart, keyLength, hash) : 0;
        String refusal = invalid;
        if (id == 0 && pass == Pass.FAST) {
            return false;
        }
        if (pass == Pass.COLLECT) {
            if (id == 0 && !newSeries.containsKey(hash)) {
                final NewSeries found = invalid != null ? NewSeries.refused(invalid)
                    : SeriesKeys.parse(key.array(), keyStart, keyLength, hash);
                newSeries.put(hash, found);
                collected.add(found);
            } else {
                key.length(keyStart);
            }
            // The samples are read to check them, not stored: a malformed body registers nothing.
            reader.reset(start, end - start);
            samples(reader, scratch, 0, null);
            return true;
        }
        if (id == 0) {
            final NewSeries registered = newSeries.get(hash);
            if (registered != null && registered.error() == null && !sameKey(key, registered, keyStart, keyLength)) {
                refusal = "series key hash collision within one request; send the series again";
            } else if (registered != null) {
                id = registered.id();
                refusal = registered.error();
            }
            if (id == 0 && refusal == null) {
                refusal = "series not registered";
            }
        }
        key.length(keyStart);
        reader.reset(start, end - start);
        samples(reader, scratch, id, refusal);
        return true;
    }

    private static boolean sameKey(final ByteArray key, final NewSeries series, final int keyStart,
        final int keyLength) {
        return series.keyLength() == keyLength && Arrays.equals(key.array(), series.keyOffset(),
            series.keyOffset() + keyLength, key.array(), keyStart, keyStart + keyLength);
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
                invalid = "too many labels: more than " + MAX_LABELS + " (including __name__)";
            } else if (payloadEnd - fieldStart > MAX_LABEL_BYTES) {
                invalid = "label too long: " + (payloadEnd - fieldStart) + " bytes encoded, the limit is 255 chars "
                    + "of name and 4096 chars of value";
            } else if (invalid == null) {
                key.append(body, fieldStart, payloadEnd - fieldStart);
            }
        }
        return invalid;
    }

    private void samples(final ProtobufReader reader, final IngestScratch scratch, final long id,
        final String refusal) {
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            if (tag >>> 3 == TIMESERIES_SAMPLES) {
                reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                final int outer = reader.enterMessage();
                double value = 0;
                long timestamp = 0;
                while (reader.hasRemaining()) {
                    final int field = reader.readTag();
                    if (field >>> 3 == SAMPLE_VALUE) {
                        reader.expectWireType(field, WireType.FIXED64);
                        value = reader.readDouble();
                    } else if (field >>> 3 == SAMPLE_TIMESTAMP) {
                        reader.expectWireType(field, WireType.VARINT);
                        timestamp = reader.readVarint();
                    } else {
                        reader.skip(field);
                    }
                }
                reader.exitMessage(outer);
                samples++;
                if (id != 0) {
                    scratch.points.add(id, timestamp, value);
                } else {
                    refusedSamples++;
                }
            } else {
                skippedHistograms += tag >>> 3 == TIMESERIES_HISTOGRAMS ? 1 : 0;
                reader.skip(tag);
            }
        }
        if (id == 0 && refusal != null && firstError == null) {
            firstError = refusal;
        }
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
            metadata.put(family, new MetricMetadataStore.Metadata(type >= 0 && type < METRIC_TYPES.length
                ? METRIC_TYPES[type] : "unknown", help, unit));
        }
    }
}
