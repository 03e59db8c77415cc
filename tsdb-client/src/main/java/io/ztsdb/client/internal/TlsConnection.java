// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A TLS connection: the JDK's {@link SSLEngine} over a {@link SocketConnection}, so that TLS keeps the deadlines of
 * the non-blocking socket. Records are encrypted into {@code netOut} and written whole; received bytes collect in
 * {@code netIn} until a record is complete, and its plaintext waits in {@code appIn} for the reader.
 */
final class TlsConnection implements Connection {
    private static final ByteBuffer[] NO_DATA = {ByteBuffer.allocate(0)};

    private final SocketConnection socket;
    private final SSLEngine engine;
    private final ByteBuffer[] netOutArray = new ByteBuffer[1];
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;

    private TlsConnection(final SocketConnection socket, final SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        final int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocateDirect(packet);
        this.netOut = ByteBuffer.allocateDirect(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /**
     * Runs the TLS handshake over an open socket.
     *
     * @param socket         the connected socket; closed when the handshake fails.
     * @param context        the client's TLS context (trusted CAs, client certificate).
     * @param address        the server, for SNI and the host name check.
     * @param verifyHostname whether the server's certificate must name the host.
     * @param deadline       when to give up.
     * @return the connection, ready for requests.
     * @throws IOException when the handshake fails (untrusted or expired certificate, not a TLS server, ...).
     */
    static TlsConnection handshake(final SocketConnection socket, final SSLContext context,
        final InetSocketAddress address, final boolean verifyHostname, final long deadline) throws IOException {
        final SSLEngine engine = context.createSSLEngine(address.getHostString(), address.getPort());
        engine.setUseClientMode(true);
        if (verifyHostname) {
            final SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        final TlsConnection connection = new TlsConnection(socket, engine);
        try {
            engine.beginHandshake();
            connection.finishHandshake(deadline);
            return connection;
        } catch (final IOException | RuntimeException ex) {
            socket.close();
            throw ex;
        }
    }

    private void finishHandshake(final long deadline) throws IOException {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        while (status != SSLEngineResult.HandshakeStatus.FINISHED
            && status != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            switch (status) {
                case NEED_WRAP -> status = wrap(NO_DATA, 1, deadline).getHandshakeStatus();
                case NEED_TASK -> status = runTasks();
                default -> {
                    final SSLEngineResult result = unwrap();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        if (receive(deadline) < 0) {
                            throw new EOFException("the server closed the connection during the TLS handshake "
                                + "(is it a TLS port?)");
                        }
                    } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the server closed TLS during the handshake");
                    }
                    status = engine.getHandshakeStatus();
                }
            }
        }
    }

    @Override
    public void write(final ByteBuffer[] buffers, final int count, final long deadline) throws IOException {
        while (hasRemaining(buffers, count)) {
            final SSLEngineResult result = wrap(buffers, count, deadline);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS closed by the server");
            }
        }
    }

    @Override
    public int read(final ByteBuffer dst, final long deadline) throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                return transfer(dst);
            }
            final SSLEngineResult result = unwrap();
            switch (result.getStatus()) {
                case CLOSED -> {
                    return -1;
                }
                case BUFFER_UNDERFLOW -> {
                    if (receive(deadline) < 0) {
                        return -1;
                    }
                }
                default -> afterUnwrap(result, deadline);
            }
        }
    }

    @Override
    public boolean peerClosed() {
        try {
            if (netIn.hasRemaining() && socket.readNow(netIn) < 0) {
                return true;
            }
            if (netIn.position() > 0) {
                final SSLEngineResult result = unwrap();
                return result.getStatus() == SSLEngineResult.Status.CLOSED || appIn.position() > 0;
            }
            return false;
        } catch (final IOException ex) {
            return true;
        }
    }

    /** Post-handshake work after a record was read: TLS 1.3 session tickets and key updates. */
    private void afterUnwrap(final SSLEngineResult result, final long deadline) throws IOException {
        SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
        while (status == SSLEngineResult.HandshakeStatus.NEED_TASK
            || status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            status = status == SSLEngineResult.HandshakeStatus.NEED_TASK ? runTasks()
                : wrap(NO_DATA, 1, deadline).getHandshakeStatus();
        }
    }

    private SSLEngineResult wrap(final ByteBuffer[] buffers, final int count, final long deadline)
        throws IOException {
        while (true) {
            netOut.clear();
            final SSLEngineResult result = engine.wrap(buffers, 0, count, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocateDirect(2 * netOut.capacity());
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                netOutArray[0] = netOut;
                socket.write(netOutArray, 1, deadline);
            }
            return result;
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        while (true) {
            netIn.flip();
            final SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                final ByteBuffer larger = ByteBuffer.allocate(appIn.capacity() + engine.getSession()
                    .getApplicationBufferSize());
                appIn.flip();
                appIn = larger.put(appIn);
                continue;
            }
            return result;
        }
    }

    /** Reads more bytes from the socket into {@code netIn}, growing it when a record does not fit. */
    private int receive(final long deadline) throws IOException {
        if (!netIn.hasRemaining()) {
            final ByteBuffer larger = ByteBuffer.allocateDirect(netIn.capacity() + engine.getSession()
                .getPacketBufferSize());
            netIn.flip();
            netIn = larger.put(netIn);
        }
        return socket.read(netIn, deadline);
    }

    private SSLEngineResult.HandshakeStatus runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    private int transfer(final ByteBuffer dst) {
        appIn.flip();
        final int count = Math.min(appIn.remaining(), dst.remaining());
        final int limit = appIn.limit();
        appIn.limit(appIn.position() + count);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return count;
    }

    private static boolean hasRemaining(final ByteBuffer[] buffers, final int count) {
        for (int i = 0; i < count; i++) {
            if (buffers[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            netOut.clear();
            engine.wrap(NO_DATA, netOut);
            netOut.flip();
            netOutArray[0] = netOut;
            // Best effort close_notify: a full socket buffer is not waited for.
            socket.write(netOutArray, 1, System.nanoTime() + 10_000_000L);
        } catch (final IOException | RuntimeException ignore) {
            // the socket is closed below either way
        } finally {
            socket.close();
        }
    }
}
