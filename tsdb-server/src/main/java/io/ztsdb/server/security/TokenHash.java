// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Tokens and their hashes. A token is 32 random bytes (256 bits), so a single SHA-256 is enough at rest: there is
 * nothing to guess from the hash that is cheaper than guessing the token, and checking a request costs one hash.
 * Hashes are compared in constant time.
 */
public final class TokenHash {
    /** Length of a SHA-256 hash in bytes. */
    public static final int LENGTH = 32;
    /** Prefix of generated tokens, so that they are easy to find in leaked text (secret scanners). */
    public static final String TOKEN_PREFIX = "tsdb_";
    /** Prefix of a hash in the token file. */
    public static final String HASH_PREFIX = "sha256:";
    private static final int TOKEN_RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    /**
     * @param token the token's bytes.
     * @return its SHA-256.
     */
    public static byte[] sha256(final byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }

    /**
     * @param token the token as text (UTF-8).
     * @return its SHA-256.
     */
    public static byte[] sha256(final String token) {
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Compares two byte arrays in time that depends on their lengths only, never on where they differ.
     *
     * @param a first.
     * @param b second.
     * @return whether they are equal.
     */
    public static boolean constantTimeEquals(final byte[] a, final byte[] b) {
        // MessageDigest.isEqual walks every byte of equal-length inputs (constant time since JDK 6u17).
        return MessageDigest.isEqual(a, b);
    }

    /** @return a new random token: {@value #TOKEN_PREFIX} and 43 characters of base64url. */
    public static String generateToken() {
        final byte[] random = new byte[TOKEN_RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * @param hash a SHA-256.
     * @return the hash as the token file writes it: {@value #HASH_PREFIX} and 64 hex digits.
     */
    public static String format(final byte[] hash) {
        return HASH_PREFIX + HexFormat.of().formatHex(hash);
    }
}
