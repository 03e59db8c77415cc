// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * One file of the UI held in memory, plain and gzipped, with its strong ETag (a hash of the content).
 *
 * @param contentType  the {@code Content-Type} header.
 * @param cacheControl the {@code Cache-Control} header.
 * @param plain        the bytes as stored.
 * @param gzipped      the bytes gzipped at the best level.
 * @param etag         the quoted ETag.
 */
record StaticAsset(String contentType, String cacheControl, Buffer plain, Buffer gzipped, String etag) {
    /** Revalidated on every use: the app's files change with the server, their URLs do not. */
    static final String REVALIDATE = "no-cache";
    /** For files whose URL carries their version (uPlot). */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /**
     * @param name         the file name, which gives the content type.
     * @param bytes        the content.
     * @param cacheControl the {@code Cache-Control} header.
     * @return the asset, gzipped.
     */
    static StaticAsset of(final String name, final byte[] bytes, final String cacheControl) {
        return new StaticAsset(contentTypeOf(name), cacheControl, Buffer.buffer(bytes), Buffer.buffer(gzip(bytes)),
            '"' + sha256(bytes).substring(0, 32) + '"');
    }

    static String contentTypeOf(final String name) {
        final String extension = name.substring(name.lastIndexOf('.') + 1);
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "json" -> "application/json";
            default -> throw new IllegalArgumentException("no content type for the UI file " + name);
        };
    }

    private static byte[] gzip(final byte[] bytes) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
