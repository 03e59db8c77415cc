// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.ztsdb.client.internal.ClientSettings;
import io.ztsdb.client.internal.TlsContexts;
import io.ztsdb.protocol.AuthDescriptor;
import io.ztsdb.protocol.DataPointDescriptor;
import io.ztsdb.protocol.FrameDescriptor;

/**
 * Settings of a {@link TsdbClient}; every setter validates its argument and returns this.
 * <p>
 * Security: {@link #token(String)} sends a bearer token on every new connection (servers with {@code --auth-file});
 * {@link #tls()} and the trust settings speak TLS with the JDK's own implementation (servers with
 * {@code --tls-cert}), checking that the server's certificate names the host.
 */
public final class TsdbClientBuilder {
    private String host = "127.0.0.1";
    private int port = 9876;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int batchSize = 8192;
    private int maxInFlight = 16;
    private int maxPayloadLength = FrameDescriptor.MAX_PAYLOAD_LENGTH_DEFAULT;
    private int maxResponsePayloadLength = 64 * 1024 * 1024;
    private boolean reconnect = true;
    private int reconnectAttempts = 3;
    private Duration reconnectBackoff = Duration.ofMillis(100);
    private byte[] token;
    private boolean tls;
    private Path trustedCertificates;
    private Path trustStore;
    private char[] trustStorePassword;
    private Path clientCertificate;
    private Path clientKey;
    private SSLContext sslContext;
    private boolean verifyHostname = true;

    TsdbClientBuilder() {
    }

    /**
     * Sets the server host.
     *
     * @param host server host name or address (default 127.0.0.1).
     * @return this.
     */
    public TsdbClientBuilder host(final String host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * Sets the server port.
     *
     * @param port server TCP port (default 9876).
     * @return this.
     */
    public TsdbClientBuilder port(final int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535: port=" + port);
        }
        this.port = port;
        return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout limit for establishing a connection (default 5 s).
     * @return this.
     */
    public TsdbClientBuilder connectTimeout(final Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout limit for writing a request and receiving its answer (default 30 s).
     * @return this.
     */
    public TsdbClientBuilder requestTimeout(final Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        return this;
    }

    /**
     * Sets the size of the automatic batches.
     *
     * @param batchSize points per automatic batch of {@link TsdbClient#add} (default 8,192).
     * @return this.
     */
    public TsdbClientBuilder batchSize(final int batchSize) {
        if (batchSize < 1 || batchSize > WriteBatch.MAX_CAPACITY) {
            throw new IllegalArgumentException("batchSize must be 1.." + WriteBatch.MAX_CAPACITY
                + ": batchSize=" + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets how many batches may be in flight.
     *
     * @param maxInFlight pipelined batches sent and not yet answered (default 16).
     * @return this.
     */
    public TsdbClientBuilder maxInFlight(final int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > 4096) {
            throw new IllegalArgumentException("maxInFlight must be 1..4096: maxInFlight=" + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        return this;
    }

    /**
     * Sets the largest request payload.
     *
     * @param maxPayloadLength largest request payload, must not exceed the server's limit (default 4 MiB).
     * @return this.
     */
    public TsdbClientBuilder maxPayloadLength(final int maxPayloadLength) {
        if (maxPayloadLength < DataPointDescriptor.LENGTH) {
            throw new IllegalArgumentException("maxPayloadLength too small: maxPayloadLength="
                + maxPayloadLength);
        }
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    /**
     * Sets the largest response payload.
     *
     * @param maxResponsePayloadLength largest accepted answer, e.g. a data frame (default 64 MiB).
     * @return this.
     */
    public TsdbClientBuilder maxResponsePayloadLength(final int maxResponsePayloadLength) {
        if (maxResponsePayloadLength < 64 || maxResponsePayloadLength > FrameDescriptor.MAX_PAYLOAD_LENGTH_LIMIT) {
            throw new IllegalArgumentException("maxResponsePayloadLength out of range: maxResponsePayloadLength="
                + maxResponsePayloadLength);
        }
        this.maxResponsePayloadLength = maxResponsePayloadLength;
        return this;
    }

    /**
     * Sets whether the client reconnects after a lost connection.
     *
     * @param reconnect whether the next call after a lost connection reconnects (default true).
     * @return this.
     */
    public TsdbClientBuilder reconnect(final boolean reconnect) {
        this.reconnect = reconnect;
        return this;
    }

    /**
     * Sets the connection attempts per (re)connect.
     *
     * @param reconnectAttempts connection attempts per (re)connect, at least 1 (default 3).
     * @return this.
     */
    public TsdbClientBuilder reconnectAttempts(final int reconnectAttempts) {
        if (reconnectAttempts < 1) {
            throw new IllegalArgumentException("reconnectAttempts must be >= 1: reconnectAttempts="
                + reconnectAttempts);
        }
        this.reconnectAttempts = reconnectAttempts;
        return this;
    }

    /**
     * Sets the pause between connection attempts.
     *
     * @param reconnectBackoff pause after the first failed attempt, doubling up to 5 s (default 100 ms).
     * @return this.
     */
    public TsdbClientBuilder reconnectBackoff(final Duration reconnectBackoff) {
        this.reconnectBackoff = positive(reconnectBackoff, "reconnectBackoff");
        return this;
    }

    /**
     * Authenticates every connection with a token.
     *
     * @param token bearer token of the server's token file, sent in an auth frame first on every connection; null
     *              for none (the default).
     * @return this.
     */
    public TsdbClientBuilder token(final String token) {
        if (token != null && (token.isEmpty() || token.length() > AuthDescriptor.MAX_TOKEN_LENGTH)) {
            throw new IllegalArgumentException("token must be 1.." + AuthDescriptor.MAX_TOKEN_LENGTH
                + " characters");
        }
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /**
     * Speaks TLS, trusting the JDK's default CAs unless {@link #trustedCertificates(Path)} or
     * {@link #trustStore(Path, char[])} says otherwise.
     *
     * @return this.
     */
    public TsdbClientBuilder tls() {
        this.tls = true;
        return this;
    }

    /**
     * Speaks TLS, trusting the CA certificates of a PEM file.
     *
     * @param caPem the CA certificates (PEM).
     * @return this.
     */
    public TsdbClientBuilder trustedCertificates(final Path caPem) {
        this.trustedCertificates = Objects.requireNonNull(caPem, "caPem");
        this.tls = true;
        return this;
    }

    /**
     * Speaks TLS, trusting the certificates of a trust store (PKCS#12, or JKS when the name ends in .jks).
     *
     * @param trustStore the trust store file.
     * @param password   its password, or null.
     * @return this.
     */
    public TsdbClientBuilder trustStore(final Path trustStore, final char[] password) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        this.trustStorePassword = password == null ? null : password.clone();
        this.tls = true;
        return this;
    }

    /**
     * Presents a client certificate (servers with {@code --tls-client-ca}); implies TLS.
     *
     * @param certPem the certificate chain (PEM).
     * @param keyPem  its private key (PEM, unencrypted PKCS#8).
     * @return this.
     */
    public TsdbClientBuilder clientCertificate(final Path certPem, final Path keyPem) {
        this.clientCertificate = Objects.requireNonNull(certPem, "certPem");
        this.clientKey = Objects.requireNonNull(keyPem, "keyPem");
        this.tls = true;
        return this;
    }

    /**
     * Speaks TLS with a context the application built; the trust and certificate settings are then ignored.
     *
     * @param sslContext the context.
     * @return this.
     */
    public TsdbClientBuilder sslContext(final SSLContext sslContext) {
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
        this.tls = true;
        return this;
    }

    /**
     * Sets whether TLS checks the host name.
     *
     * @param verifyHostname whether the server's certificate must name the host connected to (default true; turn
     *                       off only for tests).
     * @return this.
     */
    public TsdbClientBuilder verifyHostname(final boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
        return this;
    }

    /**
     * Creates the client; it does not connect until {@link TsdbClient#connect()}.
     *
     * @return a new client.
     * @throws ClientException when a TLS file cannot be read or parsed.
     */
    public TsdbClient build() {
        final SSLContext context = !tls ? null : sslContext != null ? sslContext
            : TlsContexts.create(trustedCertificates, trustStore, trustStorePassword, clientCertificate, clientKey);
        return new TsdbClient(new ClientSettings(new InetSocketAddress(host, port), connectTimeout.toNanos(),
            requestTimeout.toNanos(), batchSize, maxInFlight, maxPayloadLength, maxResponsePayloadLength, reconnect,
            reconnectAttempts, reconnectBackoff.toNanos(), token == null ? null : token.clone(), context,
            verifyHostname));
    }

    private static Duration positive(final Duration duration, final String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + name + "=" + duration);
        }
        return duration;
    }
}
