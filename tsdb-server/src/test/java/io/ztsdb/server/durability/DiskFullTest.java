// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.durability;

import io.ztsdb.client.ServerErrorException;
import io.ztsdb.client.TsdbClient;
import io.ztsdb.client.QueryResult;
import io.ztsdb.client.WriteBatch;
import io.ztsdb.protocol.ErrorCode;
import io.ztsdb.server.load.ChildServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tsvdb serve} with its data directory on a small tmpfs mounted for the test (root only): once the disk is
 * full, insert batches are answered STORAGE_FULL (and counted); after a file is deleted the server takes batches
 * again by itself; then {@code kill -9} and a restart: every acknowledged point is there, none twice.
 */
@Tag("privileged")
class DiskFullTest {
    private static final int SERIES = 8;
    private static final int BATCH = 512;
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private Path mount;
    private final long[] acknowledged = new long[SERIES + 1];

    @BeforeEach
    void mountTmpfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        mount = Files.createDirectories(dir.resolve("tmpfs"));
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static void run(final String... command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /** Sends one batch, BATCH / SERIES points per series, and counts its points when it is acknowledged. */
    private boolean insert(final TsdbClient client, final WriteBatch batch) {
        batch.clear();
        for (int i = 0; i < BATCH; i++) {
            final int series = i % SERIES + 1;
            batch.add(series, T0 + acknowledged[series] * 1000L + i / SERIES * 1000L, i);
        }
        try {
            client.insertBatch(batch);
        } catch (final ServerErrorException refused) {
            assertThat(refused.errorCode()).as(refused.getMessage()).isEqualTo(ErrorCode.STORAGE_FULL);
            assertThat(refused.serverMessage()).contains("disk full");
            return false;
        }
        for (int series = 1; series <= SERIES; series++) {
            acknowledged[series] += BATCH / SERIES;
        }
        return true;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRefuseWhileFullResumeByItselfAndKeepEveryAcknowledgedPointAcrossKillNine() throws Exception {
        final Path data = mount.resolve("data");
        final WriteBatch batch = new WriteBatch(BATCH);
        int refused = 0;
        try (ChildServer server = ChildServer.start(data, "--web-port", "0");
             TsdbClient client = TsdbClient.builder().port(server.tcpPort()).build()) {
            client.connect();
            for (int i = 0; i < 20; i++) {
                assertThat(insert(client, batch)).isTrue();
            }
            final Path filler = fill(mount);
            for (int i = 0; i < 200 && refused < 10; i++) {
                refused += insert(client, batch) ? 0 : 1;
            }
            assertThat(refused).as("batches refused while the disk is full").isEqualTo(10);
            assertThat(stats(server)).contains("\"storage_full_refusals\":" + refused);
            Files.delete(filler);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!insert(client, batch)) {
                assertThat(System.nanoTime()).as("appends resume without a restart").isLessThan(deadline);
                Thread.sleep(200);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(insert(client, batch)).isTrue();
            }
            server.kill();
        }
        try (ChildServer restarted = ChildServer.start(data);
             TsdbClient client = TsdbClient.builder().port(restarted.tcpPort()).build()) {
            client.connect();
            for (int series = 1; series <= SERIES; series++) {
                final QueryResult result = client.query(series, Long.MIN_VALUE, Long.MAX_VALUE);
                assertThat(result.size()).as("points of series %d after kill -9", series)
                    .isEqualTo(acknowledged[series]);
                for (int i = 1; i < result.size(); i++) {
                    assertThat(result.timestampMillis(i)).as("no point twice").isGreaterThan(
                        result.timestampMillis(i - 1));
                }
            }
        }
        System.out.println("DiskFullTest: " + refused + " batches refused while full, " + acknowledged[1] * SERIES
            + " points acknowledged and found after kill -9");
    }

    private static String stats(final ChildServer server) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.httpPort() + "/stats")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Path fill(final Path directory) throws IOException {
        final Path filler = directory.resolve("filler");
        final byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (final IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        return filler;
    }
}
