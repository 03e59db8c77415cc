// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tsdb-core} in a plain JVM: a child {@code java -cp} with the engine's classes and its one dependency
 * (Agrona, for its primitive collections), no JVM flag at all, opens a database, registers a series, inserts,
 * queries, closes, then reopens it in a second JVM and reads the same points back. The JVM prints no warning:
 * nothing reaches {@code jdk.internal.misc.Unsafe}, {@code sun.misc.Unsafe} or a restricted FFM method.
 */
class NoJvmFlagsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldOpenInsertQueryAndReopenInAJvmWithoutFlags() throws Exception {
        final Result first = run("open");
        assertThat(first.stdout()).containsExactly(
            "inserted WriteResult[acceptedPoints=1000, rejectedPoints=0]",
            "inserted WriteResult[acceptedPoints=1, rejectedPoints=0]",
            "read 1001 points, sum 249749.0, series " + expectedSeries());
        final Result second = run("reopen");
        assertThat(second.stdout()).containsExactly("read 1001 points, sum 249749.0, series " + expectedSeries());
    }

    private static String expectedSeries() {
        final long id = Tsdb.seriesId("app.requests", Labels.of("host", "a"));
        return new SeriesInfo(id, 1001, 1_700_000_000_000L, 1_700_000_000_000L + 1_000_000L, "app.requests",
            Labels.of("host", "a")).toString();
    }

    private record Result(List<String> stdout, String stderr) {
    }

    private Result run(final String mode) throws IOException, InterruptedException, URISyntaxException {
        final String classPath = String.join(File.pathSeparator, location(Tsdb.class), location(NoJvmFlagsTest.class),
            location(Long2LongHashMap.class));
        final List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classPath, EmbeddedUseMain.class.getName(), dir.toString(), mode);
        final Process child = new ProcessBuilder(command).start();
        final String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("exit status; stderr:\n%s", stderr).isZero();
        assertThat(stderr).as("JVM warnings").doesNotContain("WARNING").doesNotContain("Unsafe");
        return new Result(stdout.lines().toList(), stderr);
    }

    private static String location(final Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
