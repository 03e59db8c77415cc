// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.ztsdb.client.ClientException;
import io.ztsdb.client.ConnectionLostException;
import io.ztsdb.client.RequestTimeoutException;

/**
 * Opens connections: up to the configured number of attempts, the pause between them doubling from the configured
 * backoff up to {@value #MAX_BACKOFF_SECONDS} s.
 */
final class Connector {
    private static final long MAX_BACKOFF_SECONDS = 5;

    private final ClientSettings settings;

    Connector(final ClientSettings settings) {
        this.settings = settings;
    }

    /**
     * @return a new connection.
     * @throws RequestTimeoutException when the last attempt timed out.
     * @throws ConnectionLostException when the last attempt failed otherwise.
     */
    Connection open() {
        IOException last = null;
        long backoffNanos = settings.reconnectBackoffNanos();
        for (int attempt = 1; attempt <= settings.reconnectAttempts(); attempt++) {
            try {
                return open(settings);
            } catch (final SSLException ex) {
                // An untrusted, expired or misnamed certificate does not fix itself: no more attempts.
                throw new ConnectionLostException("TLS handshake with " + settings.address() + " failed: "
                    + ex.getMessage(), 0, 0, ex);
            } catch (final IOException ex) {
                last = ex;
                if (attempt < settings.reconnectAttempts()) {
                    sleep(backoffNanos);
                    backoffNanos = Math.min(2 * backoffNanos, TimeUnit.SECONDS.toNanos(MAX_BACKOFF_SECONDS));
                }
            }
        }
        final String message = "cannot connect to " + settings.address() + " after " + settings.reconnectAttempts()
            + " attempt(s): " + last;
        if (last instanceof SocketTimeoutException) {
            throw new RequestTimeoutException(message, 0, 0, last);
        }
        throw new ConnectionLostException(message, 0, 0, last);
    }

    private static Connection open(final ClientSettings settings) throws IOException {
        final long deadline = System.nanoTime() + settings.connectTimeoutNanos();
        final SocketConnection socket = SocketConnection.open(settings.address(), settings.connectTimeoutNanos());
        if (settings.sslContext() == null) {
            return socket;
        }
        return TlsConnection.handshake(socket, settings.sslContext(), settings.address(), settings.verifyHostname(),
            deadline);
    }

    private static void sleep(final long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while reconnecting", ex);
        }
    }
}
