// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.HeaderFlyweight;

/**
 * A real TCP server on an ephemeral loopback port whose behaviour each test scripts: it reads the client's
 * exact bytes and answers with chosen bytes (golden vectors), so the client is tested over real sockets
 * without the Vert.x server.
 */
final class ScriptedServer implements AutoCloseable {
    @FunctionalInterface
    interface Script {
        void run(ScriptedServer server) throws Exception;
    }

    private final ServerSocket serverSocket;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Socket socket;

    ScriptedServer() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    CompletableFuture<Void> run(final Script script) {
        return CompletableFuture.runAsync(() -> {
            try {
                script.run(this);
            } catch (final Exception ex) {
                throw new IllegalStateException(ex);
            }
        }, executor);
    }

    void accept() throws IOException {
        socket = serverSocket.accept();
        socket.setTcpNoDelay(true);
    }

    byte[] readExactly(final int length) throws IOException {
        final byte[] bytes = socket.getInputStream().readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("client closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads one whole frame (header + payload). */
    byte[] readFrame() throws IOException {
        final byte[] header = readExactly(FrameDescriptor.HEADER_LENGTH);
        final int payloadLength = (int)new HeaderFlyweight().wrap(ByteBuffer.wrap(header), 0).payloadLength();
        final byte[] payload = readExactly(payloadLength);
        final byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    String readFrameHex() throws IOException {
        return hex(readFrame());
    }

    void write(final byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    boolean clientClosed() throws IOException {
        final InputStream in = socket.getInputStream();
        return in.read() < 0;
    }

    void closeConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (socket != null) {
            socket.close();
        }
        serverSocket.close();
    }

    static String hex(final byte[] bytes) {
        final StringBuilder hex = new StringBuilder();
        for (final byte b : bytes) {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }

    /** Reads a golden vector of tsdb-protocol (its test resources are on this module's test class path). */
    static String goldenHex(final String name) {
        try (InputStream in = ScriptedServer.class.getResourceAsStream("/golden/" + name + "-v1.hex")) {
            if (in == null) {
                throw new IllegalStateException("missing golden vector: " + name);
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

    static byte[] golden(final String name) {
        final String hex = goldenHex(name);
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
