// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;


/**
 * Reads golden vectors from src/test/resources/golden/&lt;name&gt;-v1.hex: '#' lines are comments, whitespace is
 * ignored, the rest is lower-case hex of one or more whole frames.
 */
final class Golden {
    /** Every golden vector, one whole frame each. */
    static final List<String> NAMES = List.of(
        "insert", "insert_batch", "insert_batch_empty", "query", "query_aggregated", "ping", "register_series",
        "ok", "ok_ping", "error", "data", "data_empty", "series", "auth");

    private Golden() {
    }

    static String hex(final String name) {
        final String resource = "/golden/" + name + "-v1.hex";
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden vector: " + resource);
            }
            final StringBuilder hex = new StringBuilder();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.replaceAll("\\s", ""));
                }
            }
            return hex.toString();
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] bytes(final String name) {
        return fromHex(hex(name));
    }

    static ByteBuffer buffer(final String name) {
        return ByteBuffer.wrap(bytes(name));
    }

    static byte[] fromHex(final String hex) {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static String toHex(final ByteBuffer buffer, final int offset, final int length) {
        final StringBuilder hex = new StringBuilder(2 * length);
        for (int i = 0; i < length; i++) {
            hex.append(String.format("%02x", buffer.get(offset + i) & 0xFF));
        }
        return hex.toString();
    }

    /** Parses a printf(1) format string with \xNN escapes, as in the seed README's netcat example. */
    static byte[] fromPrintf(final String format) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < format.length(); i++) {
            final char c = format.charAt(i);
            if (c == '\\' && format.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(format.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
