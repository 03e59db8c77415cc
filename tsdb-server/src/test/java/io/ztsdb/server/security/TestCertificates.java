// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real X.509 certificates for the TLS tests, made with BouncyCastle and written as PEM files: a CA, certificates it
 * signs (server with SAN 127.0.0.1 and localhost, client), and an expired one. EC P-256 keys, PKCS#8.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCertificates(final String name, final KeyPair keys, final X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /**
     * @param name the CA's common name.
     * @return a new self-signed CA.
     */
    public static TestCertificates newCa(final String name) {
        final KeyPair keys = newKeys();
        return new TestCertificates(name, keys, sign(name, keys, name, keys, true, Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(1))));
    }

    /**
     * @param commonName the subject's common name; also a DNS SAN, with IP SAN 127.0.0.1.
     * @return a certificate this CA signs, valid for a day.
     */
    public TestCertificates issue(final String commonName) {
        return issue(commonName, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
    }

    /**
     * @param commonName the subject's common name.
     * @return a certificate this CA signs that expired yesterday.
     */
    public TestCertificates issueExpired(final String commonName) {
        return issue(commonName, Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)));
    }

    private TestCertificates issue(final String commonName, final Instant from, final Instant to) {
        final KeyPair subject = newKeys();
        return new TestCertificates(commonName, subject, sign(commonName, subject, name, keys, false, from, to));
    }

    /** @return the certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Writes {@code <prefix>.crt} and {@code <prefix>.key}.
     *
     * @param dir    the directory.
     * @param prefix the file names' stem.
     * @return the certificate file; the key is beside it.
     */
    public Path write(final Path dir, final String prefix) {
        try {
            final Path cert = dir.resolve(prefix + ".crt");
            writeAtomically(cert, pem("CERTIFICATE", certificate.getEncoded()));
            writeAtomically(dir.resolve(prefix + ".key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
            return cert;
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param dir    the directory.
     * @param prefix as given to {@link #write}.
     * @return the key file written by {@link #write}.
     */
    public static Path keyFile(final Path dir, final String prefix) {
        return dir.resolve(prefix + ".key");
    }

    private static void writeAtomically(final Path file, final String text) {
        try {
            final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String pem(final String type, final byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }

    private static KeyPair newKeys() {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (final GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static X509Certificate sign(final String subject, final KeyPair subjectKeys, final String issuer,
        final KeyPair issuerKeys, final boolean ca, final Instant from, final Instant to) {
        try {
            final X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to),
                new X500Name("CN=" + subject), subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, subject)}));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (final GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
            | org.bouncycastle.cert.CertIOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
