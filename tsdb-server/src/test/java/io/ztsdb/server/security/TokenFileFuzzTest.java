// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzzing of the token file parser (jqwik, fixed seed, every build): files of lines made of names, roles, hashes and
 * raw tokens in any field, with characters flipped, inserted or cut, and random bytes (invalid UTF-8 included). The
 * file is read or refused with a {@link TokenFileException}, never another exception, and the refusal never quotes a
 * token that was pasted into the file by mistake.
 */
class TokenFileFuzzTest {
    private static final String TOKEN = TokenHash.generateToken();
    private static final String HASH = TokenHash.format(TokenHash.sha256(TOKEN));
    private static Path file;

    @BeforeContainer
    static void createFile() throws IOException {
        file = Files.createTempFile("ztsdb-tokens", ".txt");
    }

    @AfterContainer
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    private static void read(final byte[] content) throws IOException {
        Files.write(file, content);
        try {
            final List<TokenFile.Entry> entries = TokenFile.read(file);
            for (final TokenFile.Entry entry : entries) {
                assertThat(entry.hash()).hasSize(TokenHash.LENGTH);
                assertThat(entry.principal().roles()).isNotEmpty();
            }
        } catch (final TokenFileException refused) {
            assertThat(refused.getMessage()).as("refusal quotes no token").doesNotContain(TOKEN)
                .doesNotContain(TOKEN.substring(TokenHash.TOKEN_PREFIX.length()));
        }
    }

    @Example
    void shouldNeverQuoteATokenPastedIntoTheRolesField() {
        for (final String line : List.of("ci " + TOKEN + " " + HASH, "ci write," + TOKEN + " " + HASH)) {
            assertThatThrownBy(() -> {
                Files.writeString(file, line + "\n");
                TokenFile.read(file);
            }).isInstanceOf(TokenFileException.class).hasMessageContaining("unknown role")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining(TOKEN.substring(5));
        }
    }

    @Property(tries = 3000, seed = "20261206")
    void shouldReadOrRefuseFilesOfShuffledFields(@ForAll("files") final String content) throws IOException {
        read(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 1000, seed = "20261206")
    void shouldReadOrRefuseRandomBytes(@ForAll("bytes") final byte[] content) throws IOException {
        read(content);
    }

    @Provide
    Arbitrary<String> files() {
        final Arbitrary<String> field = Arbitraries.of("ingest", "ops", "a.b-c_d", "read", "write", "admin",
            "read,admin", "READ", "write,", ",read", HASH, "sha256:", "sha256:" + "0".repeat(63), TOKEN,
            TOKEN.substring(5), "#", "x".repeat(65), "\u00e9", "");
        final Arbitrary<String> line = Combinators.combine(field.list().ofMaxSize(5), Arbitraries.of(" ", "\t", "  "))
            .as((fields, blank) -> String.join(blank, fields));
        final Arbitrary<String> mutatedLine = Combinators.combine(line, Arbitraries.integers().between(0, 120),
            Arbitraries.chars().with(" \t,:#\u0000\u00e9\r"), Arbitraries.integers().between(0, 3))
            .as((text, at, c, kind) -> {
                final int i = at % (text.length() + 1);
                return switch (kind) {
                    case 0 -> text.substring(0, i) + c + text.substring(i);
                    case 1 -> text.substring(0, i);
                    case 2 -> i < text.length() ? text.substring(0, i) + c + text.substring(i + 1) : text + c;
                    default -> text;
                };
            });
        return mutatedLine.list().ofMaxSize(4).map(lines -> {
            final List<String> all = new ArrayList<>(lines);
            return String.join("\n", all) + "\n";
        });
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }
}
