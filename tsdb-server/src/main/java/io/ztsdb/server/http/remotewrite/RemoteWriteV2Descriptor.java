// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

/**
 * Field numbers of remote write 2.0's {@code io.prometheus.write.v2.Request} ({@code prompb/io/prometheus/write/v2/
 * types.proto}), the subset the receiver reads:
 * <pre>
 * message Request    { reserved 1 to 3; repeated string symbols = 4; repeated TimeSeries timeseries = 5; }
 * message TimeSeries { repeated uint32 labels_refs = 1; repeated Sample samples = 2;
 *                      repeated Histogram histograms = 3; repeated Exemplar exemplars = 4;
 *                      Metadata metadata = 5; int64 created_timestamp = 6; }
 * message Sample     { double value = 1; int64 timestamp = 2; }
 * message Metadata   { MetricType type = 1; uint32 help_ref = 3; uint32 unit_ref = 4; }
 * </pre>
 * {@code labels_refs} are name/value pairs of indexes into {@code symbols}, whose first entry is the empty string.
 * {@code MetricType} numbers the types as 1.0's {@code MetricMetadata.MetricType} does (0 unspecified, 1 counter,
 * 2 gauge, 3 histogram, 4 gaugehistogram, 5 summary, 6 info, 7 stateset).
 */
final class RemoteWriteV2Descriptor {
    /** Request fields 1 to 3 are reserved: a 1.0 {@code WriteRequest} uses 1 (timeseries) and 3 (metadata). */
    static final int REQUEST_LAST_RESERVED = 3;
    /** Request.symbols. */
    static final int REQUEST_SYMBOLS = 4;
    /** Request.timeseries. */
    static final int REQUEST_TIMESERIES = 5;
    /** TimeSeries.labels_refs (packed uint32, or one varint per field). */
    static final int TIMESERIES_LABELS_REFS = 1;
    /** TimeSeries.samples. */
    static final int TIMESERIES_SAMPLES = 2;
    /** TimeSeries.histograms (native histograms). */
    static final int TIMESERIES_HISTOGRAMS = 3;
    /** TimeSeries.exemplars. */
    static final int TIMESERIES_EXEMPLARS = 4;
    /** TimeSeries.metadata. */
    static final int TIMESERIES_METADATA = 5;
    /** Metadata.type. */
    static final int METADATA_TYPE = 1;
    /** Metadata.help_ref. */
    static final int METADATA_HELP_REF = 3;
    /** Metadata.unit_ref. */
    static final int METADATA_UNIT_REF = 4;
    /** MetricType histogram. */
    static final int TYPE_HISTOGRAM = 3;
    /** MetricType gaugehistogram. */
    static final int TYPE_GAUGEHISTOGRAM = 4;
    /** MetricType summary. */
    static final int TYPE_SUMMARY = 5;

    private RemoteWriteV2Descriptor() {
    }
}
