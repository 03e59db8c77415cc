// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The PEM files of a TLS listener: certificate chain, private key and, for client certificates, the CA they must
 * chain to. TLS 1.2 and 1.3 only.
 *
 * @param cert     the certificate chain.
 * @param key      the private key.
 * @param clientCa CA certificates of the clients, or null: no client certificate is asked for.
 */
public record TlsFiles(Path cert, Path key, Path clientCa) {
    private static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

    /** @return the files to watch for changes. */
    public List<Path> files() {
        final List<Path> files = new ArrayList<>(List.of(cert, key));
        if (clientCa != null) {
            files.add(clientCa);
        }
        return files;
    }

    /**
     * Checks that every file is readable, with a message naming the option.
     *
     * @throws IllegalArgumentException naming the option and the file.
     */
    public void checkReadable() {
        check("--tls-cert", cert);
        check("--tls-key", key);
        if (clientCa != null) {
            check("--tls-client-ca", clientCa);
        }
    }

    private static void check(final String option, final Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": not a readable file");
        }
    }

    /**
     * Turns TLS on in a listener's options (HTTP server options are net server options too).
     *
     * @param options the listener's options.
     * @param <T>     their type.
     * @return {@code options}.
     */
    public <T extends NetServerOptions> T applyTo(final T options) {
        options.setSsl(true).setKeyCertOptions(keyCert()).setEnabledSecureTransportProtocols(
            new java.util.LinkedHashSet<>(PROTOCOLS));
        if (clientCa != null) {
            options.setTrustOptions(trust()).setClientAuth(ClientAuth.REQUIRED);
        }
        return options;
    }

    /** @return the options for a listener's {@code updateSSLOptions}, read from the files as they are now. */
    public ServerSSLOptions sslOptions() {
        final ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(keyCert());
        options.setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(PROTOCOLS));
        if (clientCa != null) {
            options.setTrustOptions(trust()).setClientAuth(ClientAuth.REQUIRED);
        }
        return options;
    }

    private PemKeyCertOptions keyCert() {
        return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
    }

    private PemTrustOptions trust() {
        return new PemTrustOptions().addCertPath(clientCa.toString());
    }
}
