// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.load;

import io.ztsdb.server.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tsvdb serve} in a child JVM with the launcher's memory limits ({@code ./tsvdb}), so that its resident set
 * can be read from {@code /proc} apart from the test's own.
 */
public final class ChildServer implements AutoCloseable {
    private static final Pattern TCP_PORT = Pattern.compile("binary protocol on [^:]+:(\\d+)");
    private static final Pattern HTTP_PORT = Pattern.compile("HTTP API on https?://[^:]+:(\\d+)");
    /** The launcher's defaults for serve (tsvdb script). */
    private static final List<String> LAUNCHER_FLAGS = List.of("-Xms32m", "-Xmx96m", "-XX:MaxDirectMemorySize=64m",
        "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=64m");

    private final Process process;
    private final int tcpPort;
    private final int httpPort;

    private ChildServer(final Process process, final int tcpPort, final int httpPort) {
        this.process = process;
        this.tcpPort = tcpPort;
        this.httpPort = httpPort;
    }

    /**
     * @param dataDir the data directory.
     * @param options options of {@code serve} beyond bind, port and data directory.
     * @return the running server, once it printed its banner.
     */
    public static ChildServer start(final Path dataDir, final String... options)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(LAUNCHER_FLAGS);
        command.addAll(List.of("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED", Main.class.getName(), "serve", "--bind", "127.0.0.1", "--port", "0",
            "--data-dir", dataDir.toString()));
        command.addAll(List.of(options));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        final Process process = builder.start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            final Matcher tcp = TCP_PORT.matcher(line);
            if (tcp.find()) {
                final Matcher http = HTTP_PORT.matcher(line);
                final int httpPort = http.find() ? Integer.parseInt(http.group(1)) : -1;
                Thread.ofPlatform().daemon(true).start(() -> drain(out));
                return new ChildServer(process, Integer.parseInt(tcp.group(1)), httpPort);
            }
        }
        throw new IllegalStateException("server did not start: exit=" + process.waitFor());
    }

    private static void drain(final BufferedReader out) {
        try {
            while (out.readLine() != null) {
                continue;
            }
        } catch (final IOException ignored) {
            // the server stopped
        }
    }

    public int tcpPort() {
        return tcpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** @return the server's resident set in MiB, from /proc/PID/status. */
    public long rssMib() throws IOException {
        for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }

    /** @return the file descriptor limit of the test JVM (soft), from /proc/self/limits. */
    public static long openFilesLimit() throws IOException {
        for (final String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.split("\\s+")[3]);
            }
        }
        return -1;
    }

    /** Kills the server with SIGKILL and waits for it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
