// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.protocol.ErrorFlyweight;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.HeaderFlyweight;
import io.ztsdb.protocol.MessageType;
import io.ztsdb.protocol.OkFlyweight;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain blocking socket speaking raw frames to the server under test. */
final class RawConnection implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 10_000;
    /** Room for the frames one call of {@link #frames} writes. */
    static final int MAX_FRAMES_BYTES = 8 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawConnection(final int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBufferBytes socket receive buffer, fixed (no autotuning); 0 keeps the system default. */
    RawConnection(final int port, final int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** A received frame. */
    record Frame(int type, byte[] payload) {
        ByteBuffer payloadBuffer() {
            return ByteBuffer.wrap(payload);
        }

        long okAccepted() {
            assertThat(type).as("expected ok, got %s", describe()).isEqualTo(MessageType.OK);
            return new OkFlyweight().wrap(payloadBuffer(), 0, payload.length).accepted();
        }

        int errorCode() {
            assertThat(type).as("expected error, got %s", MessageType.name(type)).isEqualTo(MessageType.ERROR);
            return new ErrorFlyweight().wrap(payloadBuffer(), 0, payload.length).code();
        }

        String describe() {
            if (type == MessageType.ERROR) {
                final ErrorFlyweight error = new ErrorFlyweight().wrap(payloadBuffer(), 0, payload.length);
                return "error " + error.code() + ": " + error.message();
            }
            return MessageType.name(type) + " " + payload.length + " bytes";
        }
    }

    /** @return the bytes of the frames {@code writer} appends (at most {@value #MAX_FRAMES_BYTES} bytes). */
    static byte[] frames(final Consumer<FrameEncoder> writer) {
        final byte[] bytes = new byte[MAX_FRAMES_BYTES];
        final FrameEncoder encoder = new FrameEncoder().wrap(ByteBuffer.wrap(bytes), 0);
        writer.accept(encoder);
        return Arrays.copyOf(bytes, encoder.position());
    }

    void send(final byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(final byte[] bytes, final int offset, final int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    Frame read() throws IOException {
        final byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];
        in.readFully(header);
        final HeaderFlyweight headerFlyweight = new HeaderFlyweight().wrap(ByteBuffer.wrap(header), 0);
        assertThat(headerFlyweight.magic()).isEqualTo(FrameDescriptor.MAGIC);
        final int type = headerFlyweight.type();
        final int length = (int)headerFlyweight.payloadLength();
        final byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** @return true when the server closed the connection (EOF), false if data or a timeout came instead. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (final EOFException ex) {
            return true;
        } catch (final SocketTimeoutException ex) {
            return false;
        } catch (final IOException ex) {
            // A reset after the server closed with unread input: closed as well.
            return "Connection reset".equals(ex.getMessage());
        }
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
