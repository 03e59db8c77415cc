// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that replays pre-encoded POST requests (head and body built before the clock
 * starts) and reads each answer's status, headers and body: the loader's cost per request is two writes and a
 * small read, so that the client does not take the cores the server under test needs.
 */
final class KeepAliveConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] line = new byte[8192];

    KeepAliveConnection(final URI url) throws IOException {
        socket = new Socket(url.getHost(), url.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 << 10);
    }

    /** @return the head of a POST of {@code bodyLength} bytes to {@code url} with the extra header lines. */
    static byte[] head(final URI url, final int bodyLength, final String extraHeaders) {
        final String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return ("POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n"
            + "Content-Length: " + bodyLength + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @return the status code; the body of a non-2xx answer is printed.
     */
    int post(final byte[] head, final byte[] body) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
        final String status = readLine();
        final int code = Integer.parseInt(status.substring(9, 12));
        long contentLength = 0;
        boolean chunked = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            final String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        final StringBuilder answer = new StringBuilder();
        if (chunked) {
            for (int size = Integer.parseInt(readLine().trim(), 16); size > 0;
                size = Integer.parseInt(readLine().trim(), 16)) {
                answer.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                readLine();
            }
            readLine();
        } else {
            answer.append(new String(in.readNBytes((int) contentLength), StandardCharsets.UTF_8));
        }
        if (code / 100 != 2) {
            System.out.println("refused: " + status + " " + answer);
        }
        return code;
    }

    private String readLine() throws IOException {
        int n = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r' && n < line.length) {
                line[n++] = (byte) b;
            }
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
