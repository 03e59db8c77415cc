// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.bench.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.FrameDecoder;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.protocol.MessageType;

/**
 * A minimal protocol peer for benchmarks: one thread, one connection, decodes every frame with
 * {@link FrameDecoder} and answers each insert/insert_batch/ping with ok, storing nothing. It bounds what the
 * client and the wire can do without a storage engine behind them.
 */
final class AckingSink implements AutoCloseable {
    private final ServerSocketChannel serverChannel;
    private final Thread thread;
    private volatile boolean running = true;

    AckingSink() throws IOException {
        serverChannel = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::serve, "acking-sink");
        thread.setDaemon(true);
        thread.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress)serverChannel.getLocalAddress()).getPort();
    }

    private void serve() {
        try (SocketChannel channel = serverChannel.accept()) {
            // Without it, Nagle holds back the last small ok until the client's delayed ACK (40 ms).
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
            final ByteBuffer out = ByteBuffer.allocateDirect(1 << 16);
            final ByteBuffer outView = out.duplicate();
            final FrameEncoder encoder = new FrameEncoder().wrap(out, 0);
            final FrameDecoder decoder = new FrameDecoder((type, buffer, offset, length) -> {
                final int points = type == MessageType.PING ? 0 : length / DataPointDescriptor.LENGTH;
                encoder.ok(points, 0);
            });
            while (running) {
                in.clear();
                final int read = channel.read(in);
                if (read < 0) {
                    return;
                }
                encoder.wrap(out, 0);
                decoder.feed(in, 0, read);
                outView.clear().limit(encoder.position());
                while (outView.hasRemaining()) {
                    channel.write(outView);
                }
            }
        } catch (final IOException ignore) {
            // the benchmark closed the connection
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        serverChannel.close();
    }
}
