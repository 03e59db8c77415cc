// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {
    @TempDir
    Path dir;

    private Path file(final String... lines) throws IOException {
        return Files.write(dir.resolve("tokens"), List.of(lines));
    }

    private static String line(final String name, final String roles, final String token) {
        return name + " " + roles + " " + TokenHash.format(TokenHash.sha256(token));
    }

    @Test
    void shouldReadNamesRolesAndHashes() throws IOException {
        final List<TokenFile.Entry> entries = TokenFile.read(file("# comment", "", line("ingest", "write", "a"),
            "  " + line("ops", "read,admin", "b") + "  ", line("grafana", "READ", "c")));
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).principal()).isEqualTo(new Principal("ingest", Set.of(Role.WRITE)));
        assertThat(entries.get(1).principal().roles()).isEqualTo(EnumSet.of(Role.READ, Role.ADMIN));
        assertThat(entries.get(2).hash()).isEqualTo(TokenHash.sha256("c"));
    }

    @Test
    void shouldRefuseMalformedLinesNamingTheLineButNeverItsContent() throws IOException {
        final String secret = "tsdb_this-is-a-token-pasted-by-mistake";
        assertRefused(file("# tokens", "ingest write " + secret), "line 2", secret);
        assertRefused(file("ingest write,root " + TokenHash.format(TokenHash.sha256("x"))), "unknown role", secret);
        assertRefused(file("in gest write " + TokenHash.format(TokenHash.sha256("x"))), "3 fields", secret);
        assertRefused(file("ingést write " + TokenHash.format(TokenHash.sha256("x"))), "name", secret);
        assertRefused(file(line("a", "read", "x"), line("a", "write", "y")), "already used on line 1", secret);
        assertRefused(file(line("a", "read", "x"), line("b", "write", "x")), "listed twice", secret);
        assertRefused(dir.resolve("missing"), "cannot read", secret);
    }

    private static void assertRefused(final Path file, final String reason, final String secret) {
        assertThatThrownBy(() -> TokenFile.read(file)).isInstanceOf(TokenFileException.class)
            .hasMessageContaining(reason).hasMessageNotContaining(secret);
    }

    @Test
    void shouldAuthenticateByHashAndGiveAdminEveryRole() throws IOException {
        final TokenStore store = TokenStore.open(file(line("ingest", "write", "w-token"), line("ops", "admin",
            "a-token")), new SecurityStats());
        assertThat(store.authenticate("w-token".getBytes())).isEqualTo(new Principal("ingest", Set.of(Role.WRITE)));
        assertThat(store.authenticate("w-token".getBytes()).may(Role.READ)).isFalse();
        assertThat(store.authenticate("a-token".getBytes()).may(Role.READ)).isTrue();
        assertThat(store.authenticate("a-token".getBytes()).may(Role.WRITE)).isTrue();
        assertThat(store.authenticate("w-token ".getBytes())).isNull();
        assertThat(store.authenticate(new byte[0])).isNull();
    }

    @Test
    void shouldSwapTokensOnReloadAndKeepThemWhenTheNewFileIsMalformed() throws IOException {
        final SecurityStats stats = new SecurityStats();
        final Path path = file(line("ingest", "write", "old"));
        final TokenStore store = TokenStore.open(path, stats);
        final long generation = store.generation();
        file(line("ingest", "write", "new"));
        store.reload();
        assertThat(store.generation()).isNotEqualTo(generation);
        assertThat(store.authenticate("old".getBytes())).isNull();
        assertThat(store.authenticate("new".getBytes())).isNotNull();
        file("garbage");
        assertThatThrownBy(store::reload).isInstanceOf(TokenFileException.class);
        assertThat(store.authenticate("new".getBytes())).isNotNull();
        assertThat(stats.get(SecurityCounter.TOKEN_RELOADS)).isEqualTo(1);
        assertThat(stats.get(SecurityCounter.TOKEN_RELOAD_FAILURES)).isEqualTo(1);
    }

    @Test
    void shouldReloadWhenTheFileChangesOrOnSignal() throws Exception {
        final Path path = file(line("ingest", "write", "old"));
        final TokenStore store = TokenStore.open(path, new SecurityStats());
        try (FileReloader reloader = new FileReloader(20)) {
            reloader.watch("tokens", List.of(path), store::reload);
            // Written beside and renamed over, as an editor or a secret mount does.
            final Path tmp = dir.resolve("tokens.new");
            Files.write(tmp, List.of(line("ingest", "write", "new")));
            Files.move(tmp, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            awaitAuthenticated(store, "new");
            final long generation = store.generation();
            reloader.reloadAll();
            final long deadline = System.nanoTime() + 5_000_000_000L;
            while (store.generation() == generation) {
                assertThat(System.nanoTime()).as("reloaded on demand").isLessThan(deadline);
                Thread.sleep(5);
            }
        }
    }

    private static void awaitAuthenticated(final TokenStore store, final String token) throws InterruptedException {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.authenticate(token.getBytes()) == null) {
            assertThat(System.nanoTime()).as("token file reloaded after the change").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void shouldGenerateDistinctLongTokens() {
        final String a = TokenHash.generateToken();
        assertThat(a).startsWith("tsdb_").hasSize(48);
        assertThat(TokenHash.generateToken()).isNotEqualTo(a);
    }

    /**
     * The comparison must not stop at the first differing byte: on 64 KiB inputs an early exit would make a
     * difference in the first byte ~1000 times faster than one in the last; the constant-time comparison takes the
     * same time for both. Medians of interleaved rounds keep the shared machine's noise out.
     */
    @Test
    void shouldCompareInTimeIndependentOfWhereTheBytesDiffer() {
        final int length = 64 * 1024;
        final byte[] stored = new byte[length];
        final byte[] differsFirst = new byte[length];
        final byte[] differsLast = new byte[length];
        differsFirst[0] = 1;
        differsLast[length - 1] = 1;
        final int rounds = 301;
        final long[] first = new long[rounds];
        final long[] last = new long[rounds];
        boolean sink = false;
        for (int warm = 0; warm < 2000; warm++) {
            sink ^= TokenHash.constantTimeEquals(stored, warm % 2 == 0 ? differsFirst : differsLast);
        }
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            sink ^= TokenHash.constantTimeEquals(stored, differsFirst);
            first[i] = System.nanoTime() - start;
            start = System.nanoTime();
            sink ^= TokenHash.constantTimeEquals(stored, differsLast);
            last[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(first);
        java.util.Arrays.sort(last);
        assertThat(sink).isFalse();
        final double ratio = (double)first[rounds / 2] / last[rounds / 2];
        assertThat(ratio).as("median time, difference in the first byte / in the last byte").isBetween(0.5, 2.0);
    }
}
