// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.protobuf.ProtobufFormatException;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.protocol.snappy.SnappyFormatException;
import io.ztsdb.server.http.remotewrite.RemoteWriteDecoder;
import io.ztsdb.server.http.remotewrite.RemoteWriteHandler;
import io.ztsdb.server.http.remotewrite.RemoteWriteProto;
import io.ztsdb.server.http.remotewrite.WriteRequestDecoder;
import io.ztsdb.server.http.remotewrite.WriteRequestV2Decoder;
import io.ztsdb.server.http.remotewrite.WriteV2Messages;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of what {@code POST /api/v1/write} decodes: the snappy block, then the protobuf {@code WriteRequest} (1.0)
 * or {@code io.prometheus.write.v2.Request} (2.0), through the decoders' three passes as {@link RemoteWriteHandler}
 * runs them ({@link WriteRequestDecoder}, {@link WriteRequestV2Decoder}). Any input gives samples or one of
 * the decoder's declared errors ({@link SnappyFormatException}, {@link ProtobufFormatException}: HTTP 400); nothing is
 * allocated beyond what the body can expand to (snappy: 64 bytes per 3) and the decoded-size limit; points and keys
 * are bounded by the decompressed body (2.0 keys, which references expand, by the decoder's bound); the accepted
 * samples, encoded again, decode to the same samples. jqwik runs in every build (fixed seed: a request Prometheus
 * 2.42 sent, its snappy body and its protobuf mutated; a 2.0 request built by protobuf-java, mutated; random bytes);
 * Jazzer runs coverage-guided with {@code JAZZER_FUZZ=1 ./mvnw -pl tsdb-server test -Dtest=RemoteWriteFuzzTest} and
 * replays its saved inputs in every build.
 */
class RemoteWriteFuzzTest {
    private static final byte[] BODY = Mutations.golden("write-request-prometheus-2.42-v1.hex");
    private static final byte[] PROTOBUF = SnappyBlock.decompress(BODY, 0, BODY.length,
        RemoteWriteHandler.MAX_DECODED_BYTES);
    private static final byte[] PROTOBUF_V2 = v2Request();

    /** A sample as written, with the names of its series. */
    record Sample(String metric, List<String> labels, long timestampMillis, long valueBits) {
    }

    /**
     * Inflates and decodes a body as the handler does.
     *
     * @return the samples written, or null when the body is refused with the decoder's declared error.
     */
    static List<Sample> decodeBody(final byte[] body) {
        return decodeBody(body, RemoteWriteProto.V1);
    }

    /**
     * Inflates and decodes a body of the given protocol as the handler does.
     *
     * @return the samples written, or null when the body is refused with the decoder's declared error.
     */
    static List<Sample> decodeBody(final byte[] body, final RemoteWriteProto proto) {
        final IngestScratch scratch = new IngestScratch.Pool(0).take();
        final int length;
        try {
            length = SnappyBlock.uncompressedLength(body, 0, body.length);
        } catch (final SnappyFormatException refused) {
            return null;
        }
        assertThat((long) length).as("declared length within what %d bytes expand to", body.length)
            .isLessThanOrEqualTo(body.length * 64L / 3 + 11);
        if (length > RemoteWriteHandler.MAX_DECODED_BYTES) {
            return null;
        }
        scratch.inflated.ensureCapacity(length);
        try {
            scratch.inflated.length(SnappyBlock.decompress(body, 0, body.length, scratch.inflated.array(), 0));
        } catch (final SnappyFormatException refused) {
            return null;
        }
        assertThat(scratch.inflated.length()).isEqualTo(length);
        return decodeProtobuf(scratch, proto);
    }

    /** The handler's passes over {@code scratch.inflated}: FAST with an empty cache, COLLECT, register, WRITE. */
    private static List<Sample> decodeProtobuf(final IngestScratch scratch, final RemoteWriteProto proto) {
        final int inflated = scratch.inflated.length();
        final RemoteWriteDecoder decoder = proto == RemoteWriteProto.V1
            ? new WriteRequestDecoder(new SeriesIdCache(1 << 20), new MetricMetadataStore(100))
            : new WriteRequestV2Decoder(new SeriesIdCache(1 << 20),
                new WriteRequestV2Decoder.Resources(new MetricMetadataStore(100)));
        final Map<Long, NewSeries> byId = new HashMap<>();
        try {
            if (decoder.decode(scratch, WriteRequestDecoder.Pass.FAST, null, null)) {
                assertThat(scratch.points.count()).as("no series, no points").isZero();
                return List.of();
            }
            scratch.points.clear();
            scratch.key.clear();
            final List<NewSeries> collected = new ArrayList<>();
            final Map<Long, NewSeries> byHash = new HashMap<>();
            decoder.decode(scratch, WriteRequestDecoder.Pass.COLLECT, collected, byHash);
            assertThat(scratch.key.length()).as("keys are copies of label fields (1.0) or bounded (2.0)")
                .isLessThanOrEqualTo(proto == RemoteWriteProto.V1 ? inflated : RemoteWriteHandler.MAX_DECODED_BYTES);
            assertThat(collected.size()).isLessThanOrEqualTo(inflated / 2);
            long id = 0;
            for (final NewSeries series : collected) {
                if (series.error() == null) {
                    series.registered(++id);
                    byId.put(id, series);
                }
            }
            decoder.decode(scratch, WriteRequestDecoder.Pass.WRITE, null, byHash);
        } catch (final ProtobufFormatException refused) {
            return null;
        }
        assertThat(scratch.points.count()).as("a sample takes 2 bytes at least").isLessThanOrEqualTo(inflated / 2)
            .isLessThanOrEqualTo(decoder.samples());
        final List<Sample> samples = new ArrayList<>(scratch.points.count());
        for (int i = 0; i < scratch.points.count(); i++) {
            final NewSeries series = byId.get(scratch.points.seriesId(i));
            assertThat(series).as("points carry registered ids").isNotNull();
            samples.add(new Sample(series.metric(), Arrays.asList(series.labelPairs()), scratch.points.timestamp(i),
                Double.doubleToRawLongBits(scratch.points.value(i))));
        }
        return samples;
    }

    /** @return the samples as one remote-write body, consecutive samples of one series in one time series. */
    static byte[] encode(final List<Sample> samples) {
        final WriteRequestEncoder encoder = new WriteRequestEncoder();
        Sample previous = null;
        for (final Sample s : samples) {
            if (previous == null || !previous.metric().equals(s.metric()) || !previous.labels().equals(s.labels())) {
                if (previous != null) {
                    encoder.endSeries();
                }
                encoder.beginSeries().label("__name__", s.metric());
                for (int i = 0; i < s.labels().size(); i += 2) {
                    encoder.label(s.labels().get(i), s.labels().get(i + 1));
                }
            }
            encoder.sample(s.timestampMillis(), Double.longBitsToDouble(s.valueBits()));
            previous = s;
        }
        if (previous != null) {
            encoder.endSeries();
        }
        return encoder.toSnappy();
    }

    /** @return the samples as one 2.0 body (protobuf-java), consecutive samples of one series in one time series. */
    static byte[] encodeV2(final List<Sample> samples) {
        final WriteV2Messages.Request request = new WriteV2Messages.Request();
        WriteV2Messages.Series series = null;
        Sample previous = null;
        for (final Sample s : samples) {
            if (previous == null || !previous.metric().equals(s.metric()) || !previous.labels().equals(s.labels())) {
                if (series != null) {
                    series.end();
                }
                final List<String> pairs = new ArrayList<>(List.of("__name__", s.metric()));
                pairs.addAll(s.labels());
                series = request.series(pairs.toArray(String[]::new));
            }
            series.sample(s.timestampMillis(), Double.longBitsToDouble(s.valueBits()));
            previous = s;
        }
        if (series != null) {
            series.end();
        }
        return request.toSnappy();
    }

    /** Decodes, and encodes what was accepted again: the same samples come back. */
    static void decodeAndReencode(final byte[] body) {
        decodeAndReencode(body, RemoteWriteProto.V1);
    }

    /** Decodes a body of {@code proto}, and encodes what was accepted again: the same samples come back. */
    static void decodeAndReencode(final byte[] body, final RemoteWriteProto proto) {
        final List<Sample> samples = decodeBody(body, proto);
        if (samples == null || samples.isEmpty()) {
            return;
        }
        final byte[] again = proto == RemoteWriteProto.V1 ? encode(samples) : encodeV2(samples);
        assertThat(decodeBody(again, proto)).isEqualTo(samples);
    }

    /** @return a 2.0 request as Prometheus would send it: metadata on every series, exemplars, a histogram. */
    private static byte[] v2Request() {
        final WriteV2Messages.Request request = new WriteV2Messages.Request();
        for (int s = 0; s < 6; s++) {
            final WriteV2Messages.Series series = request.series("__name__", s % 2 == 0 ? "http_requests_total"
                : "process_resident_memory_bytes", "instance", "localhost:9090", "job", "prometheus", "code",
                Integer.toString(200 + s));
            series.sample(1_700_000_000_000L + s, s * 1.5).sample(1_700_000_015_000L, Double.NaN)
                .metadata(s % 2 == 0 ? 1 : 2, "Help text " + (s % 2), s % 2 == 0 ? "" : "bytes");
            if (s == 3) {
                series.exemplar(1_700_000_000_000L, 0.5, "trace_id", "abcdef").created(1_699_999_000_000L);
            }
            series.end();
        }
        request.series("__name__", "rpc_latency_seconds").histogram(1_700_000_000_000L, 10, 2.5).end();
        return request.toByteArray();
    }

    /** First byte even: the rest is a body as sent; odd: the rest is a protobuf, compressed first. */
    @FuzzTest(maxDuration = "20s")
    void decodeAnyRequest(final byte[] data) {
        if (data.length == 0) {
            return;
        }
        final byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        decodeAndReencode((data[0] & 1) == 0 ? rest : SnappyBlock.compress(rest, 0, rest.length));
    }

    /** As {@link #decodeAnyRequest}, for 2.0 bodies. */
    @FuzzTest(maxDuration = "20s")
    void decodeAnyV2Request(final byte[] data) {
        if (data.length == 0) {
            return;
        }
        final byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        decodeAndReencode((data[0] & 1) == 0 ? rest : SnappyBlock.compress(rest, 0, rest.length),
            RemoteWriteProto.V2);
    }

    @Example
    void shouldDecodeTheV2RequestProtobufJavaBuilt() {
        final List<Sample> samples = decodeBody(SnappyBlock.compress(PROTOBUF_V2, 0, PROTOBUF_V2.length),
            RemoteWriteProto.V2);
        assertThat(samples).hasSize(12);
        assertThat(samples).allSatisfy(s -> assertThat(s.labels()).contains("job", "prometheus"));
        assertThat(decodeBody(encodeV2(samples), RemoteWriteProto.V2)).isEqualTo(samples);
        assertThat(decodeBody(encode(samples))).as("1.0 gives the same samples").isEqualTo(samples);
    }

    @Example
    void shouldDecodeTheSavedV2Input() throws IOException {
        try (InputStream in = RemoteWriteFuzzTest.class.getResourceAsStream(
            "RemoteWriteFuzzTestInputs/decodeAnyV2Request/prometheus-like-v2-request")) {
            final byte[] input = in.readAllBytes();
            final byte[] protobuf = Arrays.copyOfRange(input, 1, input.length);
            final List<Sample> samples = decodeBody(SnappyBlock.compress(protobuf, 0, protobuf.length),
                RemoteWriteProto.V2);
            assertThat(samples).extracting(Sample::metric).containsExactly("http_requests_total",
                "http_requests_total", "process_resident_memory_bytes");
        }
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseMutatedV2Protobuf(@ForAll("mutatedV2Protobuf") final byte[] protobuf) {
        decodeAndReencode(SnappyBlock.compress(protobuf, 0, protobuf.length), RemoteWriteProto.V2);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseRandomV2Bodies(@ForAll("random") final byte[] body) {
        decodeAndReencode(body, RemoteWriteProto.V2);
        decodeAndReencode(SnappyBlock.compress(body, 0, body.length), RemoteWriteProto.V2);
    }

    @Provide
    Arbitrary<byte[]> mutatedV2Protobuf() {
        return Mutations.of(PROTOBUF_V2);
    }

    @Example
    void shouldDecodeTheRequestPrometheusSent() {
        final List<Sample> samples = decodeBody(BODY);
        assertThat(samples).hasSize(100);
        assertThat(samples).allSatisfy(s -> assertThat(s.labels()).contains("job", "prometheus"));
        assertThat(decodeBody(encode(samples))).isEqualTo(samples);
    }

    @Example
    void shouldRefuseALengthTheBodyCannotExpandTo() {
        // 128 MiB declared by five bytes: refused before anything is allocated for it.
        final byte[] body = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x40, 0};
        assertThat(decodeBody(body)).isNull();
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseMutatedSnappyBodies(@ForAll("mutatedBody") final byte[] body) {
        decodeAndReencode(body);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseMutatedProtobuf(@ForAll("mutatedProtobuf") final byte[] protobuf) {
        decodeAndReencode(SnappyBlock.compress(protobuf, 0, protobuf.length));
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseRandomBodies(@ForAll("random") final byte[] body) {
        decodeAndReencode(body);
        decodeAndReencode(SnappyBlock.compress(body, 0, body.length));
    }

    @Provide
    Arbitrary<byte[]> mutatedBody() {
        return Mutations.of(BODY);
    }

    @Provide
    Arbitrary<byte[]> mutatedProtobuf() {
        return Mutations.of(PROTOBUF);
    }

    @Provide
    Arbitrary<byte[]> random() {
        return Mutations.random();
    }
}
