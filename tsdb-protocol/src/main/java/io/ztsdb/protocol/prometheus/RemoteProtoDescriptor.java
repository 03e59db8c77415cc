// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

/**
 * Field numbers of Prometheus' remote read and write messages ({@code prompb/remote.proto} and
 * {@code prompb/types.proto}), the subset ztsdb reads and writes:
 * <pre>
 * message WriteRequest { repeated TimeSeries timeseries = 1; reserved 2; repeated MetricMetadata metadata = 3; }
 * message ReadRequest  { repeated Query queries = 1; repeated ResponseType accepted_response_types = 2; }
 *                        enum ResponseType { SAMPLES = 0; STREAMED_XOR_CHUNKS = 1; }
 * message ReadResponse { repeated QueryResult results = 1; }
 * message Query        { int64 start_timestamp_ms = 1; int64 end_timestamp_ms = 2;
 *                        repeated LabelMatcher matchers = 3; ReadHints hints = 4; }
 * message QueryResult  { repeated TimeSeries timeseries = 1; }
 * message TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
 *                        repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
 * message Label        { string name = 1; string value = 2; }
 * message Sample       { double value = 1; int64 timestamp = 2; }
 * message LabelMatcher { Type type = 1; string name = 2; string value = 3; }
 *                        enum Type { EQ = 0; NEQ = 1; RE = 2; NRE = 3; }
 * </pre>
 * Both travel snappy-compressed (block format) over HTTP POST, {@code Content-Type: application/x-protobuf}.
 */
public final class RemoteProtoDescriptor {
    /** WriteRequest.timeseries. */
    public static final int WRITE_REQUEST_TIMESERIES = 1;
    /** WriteRequest.metadata (MetricMetadata). */
    public static final int WRITE_REQUEST_METADATA = 3;
    /** MetricMetadata.type (enum: 0 unknown, 1 counter, 2 gauge, 3 histogram, 4 gaugehistogram, 5 summary, ...). */
    public static final int METADATA_TYPE = 1;
    /** MetricMetadata.metric_family_name. */
    public static final int METADATA_FAMILY_NAME = 2;
    /** MetricMetadata.help. */
    public static final int METADATA_HELP = 4;
    /** MetricMetadata.unit. */
    public static final int METADATA_UNIT = 5;
    /** ReadRequest.queries. */
    public static final int READ_REQUEST_QUERIES = 1;
    /** ReadRequest.accepted_response_types. */
    public static final int READ_REQUEST_ACCEPTED_RESPONSE_TYPES = 2;
    /** ReadResponse.results. */
    public static final int READ_RESPONSE_RESULTS = 1;
    /** Query.start_timestamp_ms. */
    public static final int QUERY_START_TIMESTAMP_MS = 1;
    /** Query.end_timestamp_ms. */
    public static final int QUERY_END_TIMESTAMP_MS = 2;
    /** Query.matchers. */
    public static final int QUERY_MATCHERS = 3;
    /** QueryResult.timeseries. */
    public static final int QUERY_RESULT_TIMESERIES = 1;
    /** TimeSeries.labels. */
    public static final int TIMESERIES_LABELS = 1;
    /** TimeSeries.samples. */
    public static final int TIMESERIES_SAMPLES = 2;
    /** TimeSeries.exemplars. */
    public static final int TIMESERIES_EXEMPLARS = 3;
    /** TimeSeries.histograms (native histograms). */
    public static final int TIMESERIES_HISTOGRAMS = 4;
    /** Label.name. */
    public static final int LABEL_NAME = 1;
    /** Label.value. */
    public static final int LABEL_VALUE = 2;
    /** Sample.value. */
    public static final int SAMPLE_VALUE = 1;
    /** Sample.timestamp. */
    public static final int SAMPLE_TIMESTAMP = 2;
    /** LabelMatcher.type. */
    public static final int MATCHER_TYPE = 1;
    /** LabelMatcher.name. */
    public static final int MATCHER_NAME = 2;
    /** LabelMatcher.value. */
    public static final int MATCHER_VALUE = 3;
    /** ResponseType.SAMPLES. */
    public static final int RESPONSE_TYPE_SAMPLES = 0;
    /** ResponseType.STREAMED_XOR_CHUNKS. */
    public static final int RESPONSE_TYPE_STREAMED_XOR_CHUNKS = 1;

    private RemoteProtoDescriptor() {
    }
}
