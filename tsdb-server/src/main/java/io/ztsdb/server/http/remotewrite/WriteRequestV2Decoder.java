// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import io.ztsdb.protocol.protobuf.ProtobufFormatException;
import io.ztsdb.protocol.protobuf.ProtobufReader;
import io.ztsdb.protocol.protobuf.WireType;
import io.ztsdb.server.ingest.ByteArray;
import io.ztsdb.server.ingest.IngestScratch;
import io.ztsdb.server.ingest.MetricMetadataStore;
import io.ztsdb.server.ingest.NewSeries;
import io.ztsdb.server.ingest.SeriesIdCache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.METADATA_HELP_REF;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.METADATA_TYPE;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.METADATA_UNIT_REF;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.REQUEST_LAST_RESERVED;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.REQUEST_SYMBOLS;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.REQUEST_TIMESERIES;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TIMESERIES_HISTOGRAMS;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TIMESERIES_LABELS_REFS;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TIMESERIES_METADATA;
import static io.ztsdb.server.http.remotewrite.RemoteWriteV2Descriptor.TIMESERIES_SAMPLES;

/**
 * Walks a decompressed remote-write 2.0 {@code io.prometheus.write.v2.Request} over its bytes. The {@code symbols}
 * are indexed first (wherever they lie in the body); each {@code TimeSeries}' {@code labels_refs} are then resolved
 * through the index into the key 1.0 would carry for the same labels ({@code Label} fields, proto3's encoding), so a
 * series has one cache entry and one id whichever protocol wrote it, and its samples go through {@link SeriesWriter}
 * as 1.0's do, in the same three passes ({@link WriteRequestDecoder.Pass}). No object per sample, none per known
 * series.
 * <p>
 * Refused as malformed (400, nothing written): a reference past the symbol table, an odd number of
 * {@code labels_refs}, a 1.0 {@code WriteRequest} field (1 to 3, reserved in 2.0), more than
 * {@value SymbolTable#MAX_SYMBOLS} symbols, or series whose labels expand to more than
 * {@value #MAX_EXPANDED_KEY_BYTES} bytes in one pass (references let a small body name huge label sets). Series with
 * too many or too long labels are refused as 1.0 refuses them. Per-series metadata feeds
 * {@code /api/v1/metadata} ({@link SeriesMetadataReports}); native histograms are skipped and counted, exemplars and
 * created timestamps skipped, as Prometheus' receiver does without those features.
 */
public final class WriteRequestV2Decoder implements RemoteWriteDecoder {
    /** Most bytes of series keys one pass builds from references. */
    static final int MAX_EXPANDED_KEY_BYTES = RemoteWriteHandler.MAX_DECODED_BYTES;
    private static final byte[] NAME_LABEL = SeriesKeys.NAME_LABEL.getBytes(StandardCharsets.US_ASCII);
    private static final byte LABEL_FIELD = 0x0a;
    private static final byte LABEL_NAME_FIELD = 0x0a;
    private static final byte LABEL_VALUE_FIELD = 0x12;

    private final SeriesWriter writer;
    private final Resources resources;
    private SymbolTable symbols;
    private long expandedKeyBytes;
    private boolean namePending;
    private long pendingName;
    private int labels;
    private String invalid;
    private long nameValue;

    /** What the 2.0 decoders of one endpoint share: symbol tables, the metadata already kept. */
    public static final class Resources {
        private final SymbolTable.Pool symbols = new SymbolTable.Pool(16);
        private final SeriesMetadataReports metadata;

        /** @param metadata receives the metric metadata of the requests. */
        public Resources(final MetricMetadataStore metadata) {
            this.metadata = new SeriesMetadataReports(metadata);
        }
    }

    /**
     * @param cache     ids of known series by key (the 1.0 decoder's: keys are alike).
     * @param resources what the endpoint's 2.0 decoders share.
     */
    public WriteRequestV2Decoder(final SeriesIdCache cache, final Resources resources) {
        this.writer = new SeriesWriter(cache, TIMESERIES_SAMPLES, TIMESERIES_HISTOGRAMS);
        this.resources = resources;
    }

    @Override
    public boolean decode(final IngestScratch scratch, final WriteRequestDecoder.Pass pass,
        final List<NewSeries> collected, final Map<Long, NewSeries> newSeries) {
        writer.reset();
        expandedKeyBytes = 0;
        final SymbolTable table = resources.symbols.take();
        symbols = table;
        try {
            final int length = scratch.inflated.length();
            final ProtobufReader reader = new ProtobufReader(scratch.inflated.array(), 0, length);
            indexSymbols(reader);
            reader.reset(0, length);
            while (reader.hasRemaining()) {
                final int tag = reader.readTag();
                if (tag >>> 3 == REQUEST_TIMESERIES) {
                    reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                    final int outer = reader.enterMessage();
                    final boolean known = series(reader, scratch, pass, collected, newSeries);
                    reader.exitMessage(outer);
                    if (!known) {
                        return false;
                    }
                } else {
                    reader.skip(tag);
                }
            }
            return true;
        } finally {
            symbols = null;
            resources.symbols.give(table);
        }
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
        return RemoteWriteProto.V2;
    }

    private void indexSymbols(final ProtobufReader reader) {
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            final int field = tag >>> 3;
            if (field == REQUEST_SYMBOLS) {
                reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                final int outer = reader.enterMessage();
                symbols.add(reader.position(), reader.limit() - reader.position());
                reader.exitMessage(outer);
            } else if (field <= REQUEST_LAST_RESERVED) {
                throw new ProtobufFormatException("field " + field + " is reserved in " + RemoteWriteProto.V2.message()
                    + " (a remote write 1.0 " + RemoteWriteProto.V1.message() + " sent as 2.0?)");
            } else {
                reader.skip(tag);
            }
        }
    }

    private boolean series(final ProtobufReader reader, final IngestScratch scratch,
        final WriteRequestDecoder.Pass pass, final List<NewSeries> collected, final Map<Long, NewSeries> newSeries) {
        final int start = reader.position();
        final int end = reader.limit();
        final byte[] body = scratch.inflated.array();
        final ByteArray key = scratch.key;
        final int keyStart = key.length();
        namePending = false;
        labels = 0;
        invalid = null;
        nameValue = -1;
        long type = 0;
        long help = -1;
        long unit = -1;
        while (reader.hasRemaining()) {
            final int tag = reader.readTag();
            if (tag >>> 3 == TIMESERIES_LABELS_REFS) {
                if ((tag & 7) == WireType.LENGTH_DELIMITED) {
                    final int outer = reader.enterMessage();
                    while (reader.hasRemaining()) {
                        reference(body, key, reader.readVarint());
                    }
                    reader.exitMessage(outer);
                } else {
                    reader.expectWireType(tag, WireType.VARINT);
                    reference(body, key, reader.readVarint());
                }
            } else if (tag >>> 3 == TIMESERIES_METADATA) {
                reader.expectWireType(tag, WireType.LENGTH_DELIMITED);
                final int outer = reader.enterMessage();
                while (reader.hasRemaining()) {
                    final int field = reader.readTag();
                    switch (field >>> 3) {
                        case METADATA_TYPE -> type = varint(reader, field);
                        case METADATA_HELP_REF -> help = symbols.entry(varint(reader, field));
                        case METADATA_UNIT_REF -> unit = symbols.entry(varint(reader, field));
                        default -> reader.skip(field);
                    }
                }
                reader.exitMessage(outer);
            } else {
                reader.skip(tag);
            }
        }
        if (namePending) {
            throw new ProtobufFormatException("labels_refs of a series has an odd number of references");
        }
        expandedKeyBytes += key.length() - keyStart;
        if (expandedKeyBytes > MAX_EXPANDED_KEY_BYTES) {
            throw new ProtobufFormatException("the labels of the request's series expand to more than "
                + MAX_EXPANDED_KEY_BYTES + " bytes");
        }
        if (pass != WriteRequestDecoder.Pass.COLLECT && nameValue >= 0 && invalid == null
            && symbols.firstMetadata(nameValue, type, help, unit)) {
            resources.metadata.report(body, nameValue, type, help, unit, key);
        }
        return writer.write(reader, start, end, scratch, keyStart, invalid, pass, collected, newSeries);
    }

    private static long varint(final ProtobufReader reader, final int tag) {
        reader.expectWireType(tag, WireType.VARINT);
        return reader.readVarint();
    }

    /** Takes one reference of {@code labels_refs}: a label name, or the value completing a pair. */
    private void reference(final byte[] body, final ByteArray key, final long ref) {
        final long entry = symbols.entry(ref);
        if (!namePending) {
            namePending = true;
            pendingName = entry;
            return;
        }
        namePending = false;
        labels++;
        final int nameLength = SymbolTable.length(pendingName);
        final int valueLength = SymbolTable.length(entry);
        if (nameLength == NAME_LABEL.length && Arrays.equals(body, SymbolTable.offset(pendingName),
            SymbolTable.offset(pendingName) + nameLength, NAME_LABEL, 0, nameLength)) {
            nameValue = entry;
        }
        final int inner = field(nameLength) + field(valueLength);
        final int encoded = 1 + varintSize(inner) + inner;
        if (labels > WriteRequestDecoder.MAX_LABELS) {
            if (labels == WriteRequestDecoder.MAX_LABELS + 1) {
                invalid = WriteRequestDecoder.tooManyLabels();
            }
        } else if (encoded > WriteRequestDecoder.MAX_LABEL_BYTES) {
            invalid = WriteRequestDecoder.labelTooLong(encoded);
        } else if (invalid == null) {
            final byte[] into = key.ensureCapacity(key.length() + encoded);
            int p = key.length();
            into[p++] = LABEL_FIELD;
            p = putVarint(into, p, inner);
            p = putString(into, p, LABEL_NAME_FIELD, body, pendingName);
            p = putString(into, p, LABEL_VALUE_FIELD, body, entry);
            key.length(p);
        }
    }

    /** @return the encoded size of a string field of {@code length} bytes, 0 when empty (proto3 omits it). */
    private static int field(final int length) {
        return length == 0 ? 0 : 1 + varintSize(length) + length;
    }

    private static int putString(final byte[] into, final int at, final byte tag, final byte[] body,
        final long entry) {
        final int length = SymbolTable.length(entry);
        if (length == 0) {
            return at;
        }
        into[at] = tag;
        final int p = putVarint(into, at + 1, length);
        System.arraycopy(body, SymbolTable.offset(entry), into, p, length);
        return p + length;
    }

    private static int putVarint(final byte[] into, final int at, final int value) {
        int p = at;
        int v = value;
        while ((v & ~0x7f) != 0) {
            into[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        into[p++] = (byte) v;
        return p;
    }

    private static int varintSize(final int value) {
        return value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
    }
}
