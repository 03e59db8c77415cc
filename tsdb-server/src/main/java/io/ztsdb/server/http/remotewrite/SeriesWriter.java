// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.SAMPLE_TIMESTAMP;
import static io.ztsdb.protocol.prometheus.RemoteProtoDescriptor.SAMPLE_VALUE;

/**
 * What both remote-write decoders do with one {@code TimeSeries} once they have put its key (its labels in 1.0's
 * encoding) at the end of the request's key buffer: find its id as the pass asks (the cache; the request's new series
 * in COLLECT and WRITE), and add its samples to the request's points under that id, or count them refused. The
 * {@code Sample} message is the same in 1.0 and 2.0; the field numbers of samples and histograms in the series are
 * the protocol's. Counters cover one pass.
 */
final class SeriesWriter {
    private final SeriesIdCache cache;
    private final int samplesField;
    private final int histogramsField;
    private int samples;
    private int refusedSamples;
    private int skippedHistograms;
    private String firstError;

    /**
     * @param cache           ids of known series by key.
     * @param samplesField    the series' field of {@code Sample} messages.
     * @param histogramsField the series' field of native histograms (skipped and counted).
     */
    SeriesWriter(final SeriesIdCache cache, final int samplesField, final int histogramsField) {
        this.cache = cache;
        this.samplesField = samplesField;
        this.histogramsField = histogramsField;
    }

    /** Zeroes the counters, before a pass. */
    void reset() {
        samples = 0;
        refusedSamples = 0;
        skippedHistograms = 0;
        firstError = null;
    }

    int samples() {
        return samples;
    }

    int refusedSamples() {
        return refusedSamples;
    }

    int skippedHistograms() {
        return skippedHistograms;
    }

    String firstError() {
        return firstError;
    }

    /**
     * Resolves the series whose key runs from {@code keyStart} to the end of {@code scratch.key} and writes its
     * samples; the key is dropped from the buffer unless COLLECT lists it as new.
     *
     * @param reader  a reader of the body.
     * @param start   where the series' message starts.
     * @param end     where it ends.
     * @param invalid why the series is refused whatever its names, or null.
     * @return false when a FAST pass met an unknown series.
     */
    boolean write(final ProtobufReader reader, final int start, final int end, final IngestScratch scratch,
        final int keyStart, final String invalid, final WriteRequestDecoder.Pass pass, final List<NewSeries> collected,
        final Map<Long, NewSeries> newSeries) {
        final ByteArray key = scratch.key;
        final int keyLength = key.length() - keyStart;
        final long hash = SeriesIdCache.hash(key.array(), keyStart, keyLength);
        long id = invalid == null ? cache.get(key.array(), keyStart, keyLength, hash) : 0;
        String refusal = invalid;
        if (id == 0 && pass == WriteRequestDecoder.Pass.FAST) {
            return false;
        }
        if (pass == WriteRequestDecoder.Pass.COLLECT) {
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

    private void samples(final ProtobufReader reader, final IngestScratch scratch, final long id,
        final String refusal) {
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            if (tag >>> 3 == samplesField) {
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
                skippedHistograms += tag >>> 3 == histogramsField ? 1 : 0;
                reader.skip(tag);
            }
        }
        if (id == 0 && refusal != null && firstError == null) {
            firstError = refusal;
        }
    }
}
