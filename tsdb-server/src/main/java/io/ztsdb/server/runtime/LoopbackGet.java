// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.runtime;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 {@code GET} on a connection of its own, as a command-line client sends it: connect, send the
 * request, read the whole answer (by its content length or its chunks), close from the client side. Only what
 * {@link QueryWarmup} needs of HTTP: no redirects, no TLS, no trailers.
 */
final class LoopbackGet {
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final String host;
    private final int port;
    private final int readTimeoutMillis;
    private final byte[] drain = new byte[64 * 1024];

    /**
     * @param host              the server's address (an IPv6 literal without brackets).
     * @param port              the server's HTTP port.
     * @param readTimeoutMillis longest wait for bytes of the answer.
     */
    LoopbackGet(final String host, final int port, final int readTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * Sends {@code GET pathAndQuery} on a new connection and reads the whole answer.
     *
     * @param pathAndQuery the request target, e.g. {@code /query?series=1}.
     * @return the answer's status code.
     * @throws IOException when the connection fails or the answer is not HTTP/1.1 as this class reads it.
     */
    int get(final String pathAndQuery) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(readTimeoutMillis);
            final OutputStream out = socket.getOutputStream();
            final String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + authority + "\r\nAccept: */*\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            final String[] header = readHeader(in).split("\r\n");
            final String[] statusLine = header[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + header[0]);
            }
            long length = -1;
            boolean chunked = false;
            for (int i = 1; i < header.length; i++) {
                final String line = header[i].toLowerCase(Locale.ROOT);
                if (line.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring("content-length:".length()).trim());
                } else if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                readChunks(in);
            } else if (length >= 0) {
                skip(in, length);
            }
            return Integer.parseInt(statusLine[1]);
        }
    }

    /** The status line and the header fields, without the empty line that ends them. */
    private static String readHeader(final InputStream in) throws IOException {
        final StringBuilder header = new StringBuilder();
        while (header.length() < 4 || header.lastIndexOf("\r\n\r\n") != header.length() - 4) {
            if (header.length() >= MAX_HEADER_BYTES) {
                throw new IOException("HTTP header longer than " + MAX_HEADER_BYTES + " bytes");
            }
            final int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the HTTP header");
            }
            header.append((char) b);
        }
        return header.substring(0, header.length() - 4);
    }

    /** Reads a chunked body up to its last, empty chunk and the empty line after it. */
    private void readChunks(final InputStream in) throws IOException {
        while (true) {
            final String sizeLine = readLine(in);
            final int extension = sizeLine.indexOf(';');
            final long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                readLine(in);
                return;
            }
            skip(in, size);
            readLine(in);
        }
    }

    private static String readLine(final InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in a chunked HTTP body");
            }
            if (line.length() >= MAX_HEADER_BYTES) {
                throw new IOException("line of a chunked HTTP body longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void skip(final InputStream in, final long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            final int read = in.read(drain, 0, (int) Math.min(drain.length, left));
            if (read < 0) {
                throw new EOFException("connection closed with " + left + " bytes of the HTTP body unread");
            }
            left -= read;
        }
    }
}
