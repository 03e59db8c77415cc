// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tsvdb serve} from the runnable server jar, in a child process on loopback with ports the system picks
 * (read back from its banner), as {@code ./tsvdb serve} runs it.
 */
final class TsvdbServer implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile(
        "binary protocol on 127\\.0\\.0\\.1:(\\d+), HTTP API on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final Path log;
    private final int tcpPort;
    private final int httpPort;

    private TsvdbServer(final Process process, final Path log, final int tcpPort, final int httpPort) {
        this.process = process;
        this.log = log;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
    }

    /**
     * Starts the server and waits for its banner.
     *
     * @param jar     the runnable server jar.
     * @param dataDir its data directory.
     * @param log     where its output goes.
     * @return the running server.
     * @throws IOException          when it cannot start.
     * @throws InterruptedException when interrupted while waiting.
     */
    static TsvdbServer start(final Path jar, final Path dataDir, final Path log) throws IOException,
        InterruptedException {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The JVM options of ./tsvdb: the server is not what these tests are about.
        final Process process = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx256m", "-jar", jar.toString(), "serve",
            "--bind", "127.0.0.1", "--port", "0", "--web-port", "0", "--data-dir", dataDir.toString()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            final Matcher banner = BANNER.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (banner.find()) {
                return new TsvdbServer(process, log, Integer.parseInt(banner.group(1)),
                    Integer.parseInt(banner.group(2)));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("tsvdb serve did not start:\n" + Files.readString(log));
    }

    /** {@return the port of the binary protocol} */
    int tcpPort() {
        return tcpPort;
    }

    /** {@return the port of the HTTP API} */
    int httpPort() {
        return httpPort;
    }

    /** Stops the server: SIGTERM (a clean shutdown), SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("tsvdb serve ignored SIGTERM for 30 s; log: " + log);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
