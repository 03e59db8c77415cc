// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the token file ({@code --auth-file}): one token per line, {@code name roles hash}, separated by blanks;
 * {@code #} starts a comment line.
 * <pre>
 * # name     roles        SHA-256 of the token
 * ingest     write        sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * grafana    read         sha256:...
 * ops        admin        sha256:...
 * </pre>
 * Names are letters, digits, {@code _ - .}, unique; roles are {@code read}, {@code write}, {@code admin},
 * comma-separated; the hash is {@code sha256:} and 64 hex digits ({@code tsvdb token} prints such a line). The
 * file never holds a token, and no message of this class quotes a line: only its number.
 */
public final class TokenFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern ROLE_LIKE = Pattern.compile("[A-Za-z]{1,12}");
    private static final int HEX_LENGTH = 2 * TokenHash.LENGTH;

    /**
     * One line of the file.
     *
     * @param principal the name and roles.
     * @param hash      the SHA-256 of the token.
     */
    public record Entry(Principal principal, byte[] hash) {
    }

    private TokenFile() {
    }

    /**
     * Reads and checks the whole file.
     *
     * @param path the file.
     * @return its entries, in file order.
     * @throws TokenFileException when the file cannot be read or a line is malformed.
     */
    public static List<Entry> read(final Path path) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (final IOException ex) {
            throw new TokenFileException(path, 0, "cannot read it: " + ex.getClass().getSimpleName() + " "
                + ex.getMessage());
        }
        final List<Entry> entries = new ArrayList<>();
        final Map<String, Integer> names = new HashMap<>();
        final Set<String> hashes = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final Entry entry = parse(path, i + 1, line);
            final Integer earlier = names.putIfAbsent(entry.principal().name(), i + 1);
            if (earlier != null) {
                // Not quoted: a token pasted as a name would be a valid name.
                throw new TokenFileException(path, i + 1, "the name is already used on line " + earlier);
            }
            if (!hashes.add(HexFormat.of().formatHex(entry.hash()))) {
                throw new TokenFileException(path, i + 1, "the same token hash is listed twice");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static Entry parse(final Path path, final int lineNumber, final String line) {
        final String[] fields = BLANKS.split(line);
        if (fields.length != 3) {
            throw new TokenFileException(path, lineNumber, "expected 3 fields 'name roles sha256:<hex>', found "
                + fields.length);
        }
        if (!NAME.matcher(fields[0]).matches()) {
            throw new TokenFileException(path, lineNumber, "the name must be 1-64 letters, digits, '_', '-' or '.'");
        }
        final EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (final String text : fields[1].split(",")) {
            final Role role = Role.parse(text);
            if (role == null) {
                // Quoted only when it cannot be a token pasted into the wrong field.
                throw new TokenFileException(path, lineNumber, "unknown role" + (ROLE_LIKE.matcher(text).matches()
                    ? " '" + text + "'" : "") + ": use read, write or admin, comma-separated");
            }
            roles.add(role);
        }
        final String hash = fields[2];
        if (!hash.startsWith(TokenHash.HASH_PREFIX) || hash.length() != TokenHash.HASH_PREFIX.length() + HEX_LENGTH
            || !hash.substring(TokenHash.HASH_PREFIX.length()).chars().allMatch(TokenFile::isHexDigit)) {
            throw new TokenFileException(path, lineNumber, "the third field must be sha256: and 64 hex digits, the "
                + "hash of the token ('tsvdb token' makes one); a token itself never goes into this file");
        }
        return new Entry(new Principal(fields[0], roles),
            HexFormat.of().parseHex(hash, TokenHash.HASH_PREFIX.length(), hash.length()));
    }

    private static boolean isHexDigit(final int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
