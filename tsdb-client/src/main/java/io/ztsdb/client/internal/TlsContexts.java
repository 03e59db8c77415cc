// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import io.ztsdb.client.ClientException;

/**
 * Builds the client's {@link SSLContext} from what its builder was given: trusted CAs as PEM or a trust store (or
 * the JDK's default CAs), and optionally a client certificate with its PKCS#8 PEM key. JDK classes only.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /**
     * @param caPem              PEM file of the CA certificates to trust, or null.
     * @param trustStore         a trust store file (PKCS#12 or JKS), or null.
     * @param trustStorePassword its password, or null.
     * @param clientCertPem      PEM certificate chain of the client, or null.
     * @param clientKeyPem       PEM private key (PKCS#8, unencrypted) of the client, or null.
     * @return a TLS context; the JDK's default CAs when neither {@code caPem} nor {@code trustStore} is given.
     * @throws ClientException when a file cannot be read or parsed.
     */
    public static SSLContext create(final Path caPem, final Path trustStore, final char[] trustStorePassword,
        final Path clientCertPem, final Path clientKeyPem) {
        try {
            final TrustManager[] trust = caPem != null ? trustManagers(pemTrustStore(caPem))
                : trustStore != null ? trustManagers(loadStore(trustStore, trustStorePassword)) : null;
            final KeyManager[] keys = clientCertPem == null ? null : keyManagers(clientCertPem, clientKeyPem);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (final IOException | GeneralSecurityException ex) {
            throw new ClientException("cannot set up TLS: " + ex.getMessage(), ex);
        }
    }

    private static KeyStore pemTrustStore(final Path caPem) throws IOException, GeneralSecurityException {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (final Certificate certificate : readCertificates(caPem)) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caPem);
        }
        return store;
    }

    private static KeyStore loadStore(final Path file, final char[] password)
        throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            final KeyStore store = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password);
            return store;
        }
    }

    private static TrustManager[] trustManagers(final KeyStore store) throws GeneralSecurityException {
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(final Path certPem, final Path keyPem)
        throws IOException, GeneralSecurityException {
        final List<Certificate> chain = new ArrayList<>(readCertificates(certPem));
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", readPrivateKey(keyPem), NO_PASSWORD, chain.toArray(new Certificate[0]));
        final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    private static Collection<? extends Certificate> readCertificates(final Path pem)
        throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey readPrivateKey(final Path pem) throws IOException, GeneralSecurityException {
        final String text = Files.readString(pem, StandardCharsets.US_ASCII);
        final String begin = "-----BEGIN PRIVATE KEY-----";
        final int start = text.indexOf(begin);
        final int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new GeneralSecurityException(pem + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY; "
                + "convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        final byte[] der = Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        final PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        GeneralSecurityException last = null;
        for (final String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (final GeneralSecurityException ex) {
                last = ex;
            }
        }
        throw new GeneralSecurityException(pem + ": not an RSA, EC or Ed25519 key", last);
    }
}
