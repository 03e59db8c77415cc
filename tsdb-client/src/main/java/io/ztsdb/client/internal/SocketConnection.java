// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext TCP connection: a non-blocking {@link SocketChannel} driven through its own {@link Selector}, so every
 * connect, write and read has a deadline (a blocking channel's reads cannot time out).
 */
final class SocketConnection implements Connection {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private final ByteBuffer probe = ByteBuffer.allocate(1);

    private SocketConnection(final SocketChannel channel, final Selector selector, final SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    static SocketConnection open(final InetSocketAddress address, final long timeoutNanos) throws IOException {
        final long deadline = System.nanoTime() + timeoutNanos;
        final SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            final SelectionKey key = channel.register(selector, 0);
            if (!channel.connect(address)) {
                key.interestOps(SelectionKey.OP_CONNECT);
                while (!channel.finishConnect()) {
                    await(selector, deadline, "connect to " + address);
                }
            }
            return new SocketConnection(channel, selector, key);
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(channel, selector);
            throw ex;
        }
    }

    @Override
    public void write(final ByteBuffer[] buffers, final int count, final long deadline) throws IOException {
        while (buffers[count - 1].hasRemaining()) {
            if (channel.write(buffers, 0, count) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(selector, deadline, "write");
            }
        }
    }

    @Override
    public int read(final ByteBuffer dst, final long deadline) throws IOException {
        while (true) {
            final int read = channel.read(dst);
            if (read != 0) {
                return read;
            }
            key.interestOps(SelectionKey.OP_READ);
            await(selector, deadline, "response");
        }
    }

    /**
     * Reads what has arrived, without waiting.
     *
     * @param dst where the bytes go.
     * @return bytes read, 0 when none has arrived, -1 at end of stream.
     * @throws IOException on a failed connection.
     */
    int readNow(final ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public boolean peerClosed() {
        try {
            probe.clear();
            // Nothing is due from the server: any byte (or the end of the stream) means the connection is done.
            return channel.read(probe) != 0;
        } catch (final IOException ex) {
            return true;
        }
    }

    private static void await(final Selector selector, final long deadline, final String what) throws IOException {
        final long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
            throw new SocketTimeoutException("timed out waiting for " + what);
        }
        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
        selector.selectedKeys().clear();
    }

    @Override
    public void close() {
        closeQuietly(channel, selector);
    }

    private static void closeQuietly(final SocketChannel channel, final Selector selector) {
        try {
            channel.close();
        } catch (final IOException ignore) {
            // closing a broken socket: nothing left to do
        }
        if (selector != null) {
            try {
                selector.close();
            } catch (final IOException ignore) {
                // as above
            }
        }
    }
}
