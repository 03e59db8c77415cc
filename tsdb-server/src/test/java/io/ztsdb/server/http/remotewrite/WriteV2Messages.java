// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ztsdb.protocol.snappy.SnappyBlock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remote write 2.0 messages built by protobuf-java from a descriptor of the official
 * {@code prompb/io/prometheus/write/v2/types.proto} (package {@code io.prometheus.write.v2}, proto3: messages
 * Request, TimeSeries, Exemplar, Sample, Metadata, Histogram, BucketSpan with their field numbers, types and
 * oneofs), so that test requests come from an encoder independent of ztsdb's decoder.
 */
public final class WriteV2Messages {
    private static final String PACKAGE = "io.prometheus.write.v2";
    /** The file descriptor. */
    public static final Descriptors.FileDescriptor FILE = build();
    /** {@code Request}. */
    public static final Descriptors.Descriptor REQUEST = FILE.findMessageTypeByName("Request");
    /** {@code TimeSeries}. */
    public static final Descriptors.Descriptor TIME_SERIES = FILE.findMessageTypeByName("TimeSeries");
    /** {@code Sample}. */
    public static final Descriptors.Descriptor SAMPLE = FILE.findMessageTypeByName("Sample");
    /** {@code Metadata}. */
    public static final Descriptors.Descriptor METADATA = FILE.findMessageTypeByName("Metadata");
    /** {@code Exemplar}. */
    public static final Descriptors.Descriptor EXEMPLAR = FILE.findMessageTypeByName("Exemplar");
    /** {@code Histogram}. */
    public static final Descriptors.Descriptor HISTOGRAM = FILE.findMessageTypeByName("Histogram");

    private WriteV2Messages() {
    }

    private static Descriptors.FileDescriptor build() {
        final DescriptorProto request = DescriptorProto.newBuilder().setName("Request")
            .addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(1).setEnd(4))
            .addField(field("symbols", 4, Type.TYPE_STRING, Label.LABEL_REPEATED, null))
            .addField(field("timeseries", 5, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "TimeSeries")).build();
        final DescriptorProto timeSeries = DescriptorProto.newBuilder().setName("TimeSeries")
            .addField(field("labels_refs", 1, Type.TYPE_UINT32, Label.LABEL_REPEATED, null))
            .addField(field("samples", 2, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "Sample"))
            .addField(field("histograms", 3, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "Histogram"))
            .addField(field("exemplars", 4, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "Exemplar"))
            .addField(field("metadata", 5, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, "Metadata"))
            .addField(field("created_timestamp", 6, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null)).build();
        final DescriptorProto exemplar = DescriptorProto.newBuilder().setName("Exemplar")
            .addField(field("labels_refs", 1, Type.TYPE_UINT32, Label.LABEL_REPEATED, null))
            .addField(field("value", 2, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null))
            .addField(field("timestamp", 3, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null)).build();
        final DescriptorProto sample = DescriptorProto.newBuilder().setName("Sample")
            .addField(field("value", 1, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null))
            .addField(field("timestamp", 2, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null)).build();
        final EnumDescriptorProto.Builder metricType = EnumDescriptorProto.newBuilder().setName("MetricType");
        final String[] types = {"UNSPECIFIED", "COUNTER", "GAUGE", "HISTOGRAM", "GAUGEHISTOGRAM", "SUMMARY", "INFO",
            "STATESET"};
        for (int i = 0; i < types.length; i++) {
            metricType.addValue(EnumValueDescriptorProto.newBuilder().setName("METRIC_TYPE_" + types[i])
                .setNumber(i));
        }
        final DescriptorProto metadata = DescriptorProto.newBuilder().setName("Metadata").addEnumType(metricType)
            .addField(field("type", 1, Type.TYPE_ENUM, Label.LABEL_OPTIONAL, "Metadata.MetricType"))
            .addField(field("help_ref", 3, Type.TYPE_UINT32, Label.LABEL_OPTIONAL, null))
            .addField(field("unit_ref", 4, Type.TYPE_UINT32, Label.LABEL_OPTIONAL, null)).build();
        final EnumDescriptorProto.Builder resetHint = EnumDescriptorProto.newBuilder().setName("ResetHint");
        final String[] hints = {"UNSPECIFIED", "YES", "NO", "GAUGE"};
        for (int i = 0; i < hints.length; i++) {
            resetHint.addValue(EnumValueDescriptorProto.newBuilder().setName("RESET_HINT_" + hints[i]).setNumber(i));
        }
        final DescriptorProto histogram = DescriptorProto.newBuilder().setName("Histogram").addEnumType(resetHint)
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("count"))
            .addOneofDecl(OneofDescriptorProto.newBuilder().setName("zero_count"))
            .addField(field("count_int", 1, Type.TYPE_UINT64, Label.LABEL_OPTIONAL, null).toBuilder().setOneofIndex(0))
            .addField(field("count_float", 2, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null).toBuilder()
                .setOneofIndex(0))
            .addField(field("sum", 3, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null))
            .addField(field("schema", 4, Type.TYPE_SINT32, Label.LABEL_OPTIONAL, null))
            .addField(field("zero_threshold", 5, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null))
            .addField(field("zero_count_int", 6, Type.TYPE_UINT64, Label.LABEL_OPTIONAL, null).toBuilder()
                .setOneofIndex(1))
            .addField(field("zero_count_float", 7, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null).toBuilder()
                .setOneofIndex(1))
            .addField(field("negative_spans", 8, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "BucketSpan"))
            .addField(field("negative_deltas", 9, Type.TYPE_SINT64, Label.LABEL_REPEATED, null))
            .addField(field("negative_counts", 10, Type.TYPE_DOUBLE, Label.LABEL_REPEATED, null))
            .addField(field("positive_spans", 11, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, "BucketSpan"))
            .addField(field("positive_deltas", 12, Type.TYPE_SINT64, Label.LABEL_REPEATED, null))
            .addField(field("positive_counts", 13, Type.TYPE_DOUBLE, Label.LABEL_REPEATED, null))
            .addField(field("reset_hint", 14, Type.TYPE_ENUM, Label.LABEL_OPTIONAL, "Histogram.ResetHint"))
            .addField(field("timestamp", 15, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null))
            .addField(field("custom_values", 16, Type.TYPE_DOUBLE, Label.LABEL_REPEATED, null)).build();
        final DescriptorProto bucketSpan = DescriptorProto.newBuilder().setName("BucketSpan")
            .addField(field("offset", 1, Type.TYPE_SINT32, Label.LABEL_OPTIONAL, null))
            .addField(field("length", 2, Type.TYPE_UINT32, Label.LABEL_OPTIONAL, null)).build();
        final FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("io/prometheus/write/v2/types.proto")
            .setPackage(PACKAGE).setSyntax("proto3").addMessageType(request).addMessageType(timeSeries)
            .addMessageType(exemplar).addMessageType(sample).addMessageType(metadata).addMessageType(histogram)
            .addMessageType(bucketSpan).build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
        } catch (final Descriptors.DescriptorValidationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static FieldDescriptorProto field(final String name, final int number, final Type type, final Label label,
        final String typeName) {
        final FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
            .setType(type).setLabel(label);
        if (typeName != null) {
            field.setTypeName("." + PACKAGE + "." + typeName);
        }
        return field.build();
    }

    /** @return a parsed 2.0 request (to check what a test built). */
    public static DynamicMessage parse(final byte[] protobuf) throws InvalidProtocolBufferException {
        return DynamicMessage.parseFrom(REQUEST, protobuf);
    }

    /** Builds a request: symbols interned in order of first use after the leading empty string. */
    public static final class Request {
        private final List<String> symbols = new ArrayList<>(List.of(""));
        private final Map<String, Integer> refs = new HashMap<>(Map.of("", 0));
        private final DynamicMessage.Builder request = DynamicMessage.newBuilder(REQUEST);

        /** @return the index of a symbol, added when new. */
        public int symbol(final String text) {
            return refs.computeIfAbsent(text, t -> {
                symbols.add(t);
                return symbols.size() - 1;
            });
        }

        /** @return a new series with labels as name/value pairs (in the order given). */
        public Series series(final String... labelPairs) {
            final Series series = new Series(this);
            for (final String s : labelPairs) {
                series.builder.addRepeatedField(TIME_SERIES.findFieldByName("labels_refs"), symbol(s));
            }
            return series;
        }

        /** @return the encoded request. */
        public byte[] toByteArray() {
            final DynamicMessage.Builder copy = request.clone();
            for (final String s : symbols) {
                copy.addRepeatedField(REQUEST.findFieldByName("symbols"), s);
            }
            return copy.build().toByteArray();
        }

        /** @return the encoded request, snappy-compressed as it travels. */
        public byte[] toSnappy() {
            final byte[] protobuf = toByteArray();
            return SnappyBlock.compress(protobuf, 0, protobuf.length);
        }
    }

    /** One {@code TimeSeries} of a {@link Request}; {@link #end()} adds it. */
    public static final class Series {
        private final Request request;
        private final DynamicMessage.Builder builder = DynamicMessage.newBuilder(TIME_SERIES);

        private Series(final Request request) {
            this.request = request;
        }

        /** @return this, with one more sample. */
        public Series sample(final long timestampMillis, final double value) {
            builder.addRepeatedField(TIME_SERIES.findFieldByName("samples"), DynamicMessage.newBuilder(SAMPLE)
                .setField(SAMPLE.findFieldByName("value"), value)
                .setField(SAMPLE.findFieldByName("timestamp"), timestampMillis).build());
            return this;
        }

        /** @return this, with metadata (type number as {@code MetricType}). */
        public Series metadata(final int type, final String help, final String unit) {
            final Descriptors.FieldDescriptor typeField = METADATA.findFieldByName("type");
            builder.setField(TIME_SERIES.findFieldByName("metadata"), DynamicMessage.newBuilder(METADATA)
                .setField(typeField, typeField.getEnumType().findValueByNumber(type))
                .setField(METADATA.findFieldByName("help_ref"), request.symbol(help))
                .setField(METADATA.findFieldByName("unit_ref"), request.symbol(unit)).build());
            return this;
        }

        /** @return this, with a native histogram sample (integer counts). */
        public Series histogram(final long timestampMillis, final long count, final double sum) {
            builder.addRepeatedField(TIME_SERIES.findFieldByName("histograms"), DynamicMessage.newBuilder(HISTOGRAM)
                .setField(HISTOGRAM.findFieldByName("count_int"), count)
                .setField(HISTOGRAM.findFieldByName("sum"), sum)
                .setField(HISTOGRAM.findFieldByName("schema"), 3)
                .setField(HISTOGRAM.findFieldByName("timestamp"), timestampMillis).build());
            return this;
        }

        /** @return this, with an exemplar whose labels are name/value pairs. */
        public Series exemplar(final long timestampMillis, final double value, final String... labelPairs) {
            final DynamicMessage.Builder exemplar = DynamicMessage.newBuilder(EXEMPLAR)
                .setField(EXEMPLAR.findFieldByName("value"), value)
                .setField(EXEMPLAR.findFieldByName("timestamp"), timestampMillis);
            for (final String s : labelPairs) {
                exemplar.addRepeatedField(EXEMPLAR.findFieldByName("labels_refs"), request.symbol(s));
            }
            builder.addRepeatedField(TIME_SERIES.findFieldByName("exemplars"), exemplar.build());
            return this;
        }

        /** @return this, with a created timestamp. */
        public Series created(final long timestampMillis) {
            builder.setField(TIME_SERIES.findFieldByName("created_timestamp"), timestampMillis);
            return this;
        }

        /** @return the request, with this series added. */
        public Request end() {
            request.request.addRepeatedField(REQUEST.findFieldByName("timeseries"), builder.build());
            return request;
        }
    }
}
