// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.ingest;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Inputs of the ingest fuzz tests: valid seeds and their byte-level mutations. */
final class Mutations {
    private Mutations() {
    }

    /** @return the bytes of a {@code golden/*.hex} test resource. */
    static byte[] golden(final String name) {
        try (InputStream in = Mutations.class.getResourceAsStream("/golden/" + name)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the bytes with one to four bytes set, inserted or cut, or a slice repeated. */
    static Arbitrary<byte[]> of(final byte[] valid) {
        return Combinators.combine(Arbitraries.integers().between(0, valid.length), Arbitraries.bytes(),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 4)).as((at, b, kind, times) -> {
                byte[] bytes = valid;
                for (int t = 0; t < times; t++) {
                    bytes = mutate(bytes, (at + t * 13) % (bytes.length + 1), (byte) (b ^ t * 0x5b), kind);
                }
                return bytes;
            });
    }

    /** @return random bytes, at most 200. */
    static Arbitrary<byte[]> random() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
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
