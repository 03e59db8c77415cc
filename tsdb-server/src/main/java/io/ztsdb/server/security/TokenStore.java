// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.nio.file.Path;
import java.util.List;

/**
 * The tokens in force: the entries of the token file, swapped whole when the file is reloaded. Thread-safe; a lookup
 * reads one volatile snapshot.
 * <p>
 * A presented token is hashed, then its hash is compared with every entry's in constant time and without stopping at
 * a match, so neither the time of a lookup nor its outcome tells an attacker which bytes or which entry were close.
 * Callers keep the hash, not the token, to look the caller up again after a reload ({@link #generation()}).
 */
public final class TokenStore {
    private final Path path;
    private final SecurityStats stats;
    private volatile Snapshot snapshot;

    private record Snapshot(List<TokenFile.Entry> entries, long generation) {
    }

    private TokenStore(final Path path, final SecurityStats stats, final List<TokenFile.Entry> entries) {
        this.path = path;
        this.stats = stats;
        this.snapshot = new Snapshot(List.copyOf(entries), 1);
    }

    /**
     * Reads the token file.
     *
     * @param path  the file.
     * @param stats counts the reloads.
     * @return the store.
     * @throws TokenFileException when the file cannot be read or is malformed.
     */
    public static TokenStore open(final Path path, final SecurityStats stats) {
        return new TokenStore(path, stats, TokenFile.read(path));
    }

    /** @return the token file. */
    public Path path() {
        return path;
    }

    /** @return number of tokens in force. */
    public int size() {
        return snapshot.entries().size();
    }

    /** @return a number that changes each time the tokens are reloaded. */
    public long generation() {
        return snapshot.generation();
    }

    /**
     * Reads the file again and swaps the tokens in; a malformed file leaves the tokens in force unchanged.
     *
     * @throws TokenFileException when the file cannot be read or is malformed (counted).
     */
    public synchronized void reload() {
        final List<TokenFile.Entry> entries;
        try {
            entries = TokenFile.read(path);
        } catch (final TokenFileException ex) {
            stats.tokenReloadFailed();
            throw ex;
        }
        snapshot = new Snapshot(List.copyOf(entries), snapshot.generation() + 1);
        stats.tokensReloaded();
    }

    /**
     * @param token the presented token's bytes.
     * @return the principal of its entry, or null when no entry has it.
     */
    public Principal authenticate(final byte[] token) {
        return lookup(TokenHash.sha256(token));
    }

    /**
     * Finds the entry with a hash, comparing with every entry (no early exit).
     *
     * @param hash the SHA-256 of a token.
     * @return the principal of its entry, or null.
     */
    public Principal lookup(final byte[] hash) {
        Principal found = null;
        for (final TokenFile.Entry entry : snapshot.entries()) {
            if (TokenHash.constantTimeEquals(entry.hash(), hash) & found == null) {
                found = entry.principal();
            }
        }
        return found;
    }
}
