// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLContext;

/**
 * The validated settings of a client, as its builder collected them.
 *
 * @param address                  server address (resolved when connecting).
 * @param connectTimeoutNanos      limit for establishing a connection.
 * @param requestTimeoutNanos      limit for writing a request and receiving its answer.
 * @param batchSize                points per automatic batch.
 * @param maxInFlight              pipelined batches sent and not yet answered.
 * @param maxPayloadLength         largest request payload in bytes.
 * @param maxResponsePayloadLength largest accepted answer payload in bytes.
 * @param reconnect                whether the next call after a lost connection reconnects.
 * @param reconnectAttempts        connection attempts per (re)connect.
 * @param reconnectBackoffNanos    pause after the first failed attempt, doubling up to 5 s.
 * @param token                    bearer token sent in an auth frame on every new connection, or null.
 * @param sslContext               TLS context, or null for plaintext.
 * @param verifyHostname           whether the server's certificate must name the host.
 */
public record ClientSettings(InetSocketAddress address, long connectTimeoutNanos, long requestTimeoutNanos,
    int batchSize, int maxInFlight, int maxPayloadLength, int maxResponsePayloadLength, boolean reconnect,
    int reconnectAttempts, long reconnectBackoffNanos, byte[] token, SSLContext sslContext, boolean verifyHostname) {
    @Override
    public String toString() {
        // Never the token.
        return "ClientSettings[address=" + address + ", tls=" + (sslContext != null) + ", token="
            + (token != null ? "set" : "none") + "]";
    }
}
