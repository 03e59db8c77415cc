// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.protocol.prometheus.WriteRequestEncoder;
import io.ztsdb.protocol.protobuf.ProtobufFormatException;
import io.ztsdb.protocol.snappy.SnappyBlock;
import io.ztsdb.protocol.snappy.SnappyFormatException;
import io.ztsdb.server.http.remotewrite.RemoteWriteHandler;
import io.ztsdb.server.http.remotewrite.WriteRequestDecoder;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of what {@code POST /api/v1/write} decodes: the snappy block, then the protobuf {@code WriteRequest}, through
 * {@link WriteRequestDecoder}'s three passes as {@link RemoteWriteHandler} runs them. Any input gives samples or one of
 * the decoder's declared errors ({@link SnappyFormatException}, {@link ProtobufFormatException}: HTTP 400); nothing is
 * allocated beyond what the body can expand to (snappy: 64 bytes per 3) and the decoded-size limit; points and keys
 * are bounded by the decompressed body; the accepted samples, encoded again, decode to the same samples. jqwik runs in
 * every build (fixed seed: a request Prometheus 2.42 sent, its snappy body and its protobuf mutated, and random bytes);
 * Jazzer runs coverage-guided with {@code JAZZER_FUZZ=1 ./mvnw -pl tsdb-server test -Dtest=RemoteWriteFuzzTest} and
 * replays its saved inputs in every build.
 */
class RemoteWriteFuzzTest {
    private static final byte[] BODY = Mutations.golden("write-request-prometheus-2.42-v1.hex");
    private static final byte[] PROTOBUF = SnappyBlock.decompress(BODY, 0, BODY.length,
        RemoteWriteHandler.MAX_DECODED_BYTES);

    /** A sample as written, with the names of its series. */
    record Sample(String metric, List<String> labels, long timestampMillis, long valueBits) {
    }

    /**
     * Inflates and decodes a body as the handler does.
     *
     * @return the samples written, or null when the body is refused with the decoder's declared error.
     */
    static List<Sample> decodeBody(final byte[] body) {
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
        return decodeProtobuf(scratch);
    }

    /** The handler's passes over {@code scratch.inflated}: FAST with an empty cache, COLLECT, register, WRITE. */
    private static List<Sample> decodeProtobuf(final IngestScratch scratch) {
        final int inflated = scratch.inflated.length();
        final WriteRequestDecoder decoder = new WriteRequestDecoder(new SeriesIdCache(1 << 20),
            new MetricMetadataStore(100));
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
            assertThat(scratch.key.length()).as("keys are copies of label fields").isLessThanOrEqualTo(inflated);
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

    /** Decodes, and encodes what was accepted again: the same samples come back. */
    static void decodeAndReencode(final byte[] body) {
        final List<Sample> samples = decodeBody(body);
        if (samples == null || samples.isEmpty()) {
            return;
        }
        assertThat(decodeBody(encode(samples))).isEqualTo(samples);
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
