// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection to the server, plaintext ({@link SocketConnection}) or TLS ({@link TlsConnection}); every operation
 * has a deadline ({@link System#nanoTime()} based).
 */
interface Connection extends AutoCloseable {
    /**
     * Writes every byte of the buffers (a gathering write), waiting for the socket as needed.
     *
     * @param buffers  the bytes, from each buffer's position to its limit.
     * @param count    buffers to write, from index 0.
     * @param deadline when to give up.
     * @throws IOException on a failed connection or a timeout ({@link java.net.SocketTimeoutException}).
     */
    void write(ByteBuffer[] buffers, int count, long deadline) throws IOException;

    /**
     * Reads at least one byte.
     *
     * @param dst      where the bytes go.
     * @param deadline when to give up.
     * @return bytes read, -1 at end of stream.
     * @throws IOException on a failed connection or a timeout ({@link java.net.SocketTimeoutException}).
     */
    int read(ByteBuffer dst, long deadline) throws IOException;

    /**
     * Checks, without waiting, whether the server has closed the connection while no answer was due (its idle
     * timeout, a restart): then the next request must go out on a new connection.
     *
     * @return true when the connection is closed or something arrived unasked.
     */
    boolean peerClosed();

    @Override
    void close();
}
