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
 * One TCP connection: a non-blocking {@link SocketChannel} driven through its own {@link Selector}, so every
 * connect, write and read has a deadline (a blocking channel's reads cannot time out).
 */
final class Connection implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private Connection(final SocketChannel channel, final Selector selector, final SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    static Connection open(final InetSocketAddress address, final long timeoutNanos) throws IOException {
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
            return new Connection(channel, selector, key);
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(channel, selector);
            throw ex;
        }
    }

    /** Writes every byte of the buffers (a gathering write), waiting for the socket as needed. */
    void write(final ByteBuffer[] buffers, final int count, final long deadline) throws IOException {
        while (buffers[count - 1].hasRemaining()) {
            if (channel.write(buffers, 0, count) == 0) {
                key.interestOps(SelectionKey.OP_WRITE);
                await(selector, deadline, "write");
            }
        }
    }

    /** Reads at least one byte into {@code dst}; returns -1 at end of stream. */
    int read(final ByteBuffer dst, final long deadline) throws IOException {
        while (true) {
            final int read = channel.read(dst);
            if (read != 0) {
                return read;
            }
            key.interestOps(SelectionKey.OP_READ);
            await(selector, deadline, "response");
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
