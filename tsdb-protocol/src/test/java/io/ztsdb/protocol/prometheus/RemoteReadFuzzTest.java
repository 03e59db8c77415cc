// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ztsdb.protocol.ProtocolException;
import io.ztsdb.protocol.snappy.SnappyBlock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of what {@code POST /api/v1/read} decodes from a client: the snappy block, then the protobuf
 * {@code ReadRequest}. Any input gives a request or a {@link ProtocolException} (HTTP 400), never another exception
 * nor more than the allowed decompressed length. jqwik runs in every build (fixed seed: a request Prometheus 2.42 sent,
 * its snappy body and its protobuf mutated byte by byte, and random bytes); Jazzer runs coverage-guided with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl tsdb-protocol test -Dtest=RemoteReadFuzzTest} and replays its saved inputs in every
 * build.
 */
class RemoteReadFuzzTest {
    private static final int MAX_LENGTH = 1 << 20;
    private static final byte[] BODY = golden("read-request-prometheus-2.42-v1.hex");
    private static final byte[] PROTOBUF = SnappyBlock.decompress(BODY, 0, BODY.length, MAX_LENGTH);

    private static byte[] golden(final String name) {
        try (InputStream in = RemoteReadFuzzTest.class.getResourceAsStream("/golden/" + name)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Decodes a body as the handler does; only a {@link ProtocolException} may stop it. */
    static void decodeBody(final byte[] body) {
        final byte[] protobuf;
        try {
            protobuf = SnappyBlock.decompress(body, 0, body.length, MAX_LENGTH);
        } catch (final ProtocolException refused) {
            return;
        }
        assertThat(protobuf.length).isLessThanOrEqualTo(MAX_LENGTH);
        decodeProtobuf(protobuf);
    }

    static void decodeProtobuf(final byte[] protobuf) {
        try {
            final ReadRequest request = ReadRequestDecoder.decode(protobuf, 0, protobuf.length);
            assertThat(request.queries().size()).isLessThanOrEqualTo(ReadRequestDecoder.MAX_QUERIES);
            for (final ReadRequest.Query query : request.queries()) {
                assertThat(query.matchers().size()).isLessThanOrEqualTo(ReadRequestDecoder.MAX_MATCHERS);
            }
        } catch (final ProtocolException refused) {
            // HTTP 400
        }
    }

    @FuzzTest(maxDuration = "20s")
    void decodeAnyBody(final byte[] body) {
        decodeBody(body);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseMutatedSnappyBodies(@ForAll("mutatedBody") final byte[] body) {
        decodeBody(body);
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseMutatedProtobuf(@ForAll("mutatedProtobuf") final byte[] protobuf) {
        decodeProtobuf(protobuf);
        decodeBody(SnappyBlock.compress(protobuf, 0, protobuf.length));
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldDecodeOrRefuseRandomBodies(@ForAll("random") final byte[] body) {
        decodeBody(body);
    }

    @Provide
    Arbitrary<byte[]> mutatedBody() {
        return mutations(BODY);
    }

    @Provide
    Arbitrary<byte[]> mutatedProtobuf() {
        return mutations(PROTOBUF);
    }

    @Provide
    Arbitrary<byte[]> random() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    /** The bytes with one to four bytes set, inserted or cut, or a slice repeated. */
    private static Arbitrary<byte[]> mutations(final byte[] valid) {
        return Combinators.combine(Arbitraries.integers().between(0, valid.length), Arbitraries.bytes(),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 4)).as((at, b, kind, times) -> {
                byte[] bytes = valid;
                for (int t = 0; t < times; t++) {
                    bytes = mutate(bytes, (at + t * 13) % (bytes.length + 1), (byte) (b ^ t * 0x5b), kind);
                }
                return bytes;
            });
    }

    private static byte[] mutate(final byte[] bytes, final int at, final byte b, final int kind) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 0 -> {
                out.write(bytes, 0, at);
                out.write(b);
                out.write(bytes, at, bytes.length - at);
            }
            case 1 -> out.write(bytes, 0, at);
            case 2 -> {
                final byte[] set = bytes.clone();
                if (at < set.length) {
                    set[at] = b;
                }
                return set;
            }
            default -> {
                out.write(bytes, 0, at);
                for (int i = 0; i < 1 + (b & 0xf); i++) {
                    out.write(bytes, at, Math.min(5, bytes.length - at));
                }
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }
}
