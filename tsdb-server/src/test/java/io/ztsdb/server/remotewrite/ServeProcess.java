// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.server.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tsvdb serve} in a child JVM, so a test can {@code kill -9} it and start it again on its data. */
final class ServeProcess implements AutoCloseable {
    private static final Pattern BANNER =
        Pattern.compile("binary protocol on [^:]+:(\\d+), HTTP API on http://[^:]+:(\\d+)/");

    private final Process process;
    private final int tcpPort;
    private final int webPort;

    private ServeProcess(final Process process, final int tcpPort, final int webPort) {
        this.process = process;
        this.tcpPort = tcpPort;
        this.webPort = webPort;
    }

    static ServeProcess start(final Path dataDir, final Path log, final String... extraArgs) throws IOException,
        InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), "-Xmx512m",
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
            Main.class.getName(), "serve", "--bind", "127.0.0.1", "--port", "0", "--web-port", "0",
            "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        final Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            final Matcher matcher = BANNER.matcher(line);
            if (matcher.find()) {
                Thread.ofPlatform().daemon(true).start(() -> drain(out));
                return new ServeProcess(process, Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)));
            }
        }
        throw new IOException("tsvdb serve did not start: exit=" + process.waitFor());
    }

    private static void drain(final BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // The banner was all the test needed.
            }
        } catch (final IOException ignored) {
            // The process is gone.
        }
    }

    int tcpPort() {
        return tcpPort;
    }

    /** @return {@code http://127.0.0.1:webPort} + path. */
    String url(final String path) {
        return "http://127.0.0.1:" + webPort + path;
    }

    /** @return the body of {@code GET /stats}. */
    String stats() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (final InterruptedException ex) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
