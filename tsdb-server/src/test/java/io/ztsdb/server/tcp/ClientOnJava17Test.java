// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.tcp;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import io.ztsdb.protocol.FrameEncoder;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The client as a plain Java 17 application uses it: a single-file program (src/test/resources/java17) run by
 * {@code java -cp tsdb-client.jar:tsdb-protocol.jar ClientProbe.java} on Java 17 with no JVM flags and nothing
 * else on the class path, against a real server: registered series, insert batch, pipelined inserts, raw and
 * aggregated queries, an error answer.
 */
class ClientOnJava17Test {
    private static final Path JAVA_17 = Path.of(System.getProperty("ztsdb.java17.home",
        "/usr/lib/jvm/java-17-openjdk-amd64"), "bin", "java");
    /** Class file major version of Java 17. */
    private static final int JAVA_17_CLASS_VERSION = 61;

    @TempDir
    Path dir;

    @Test
    void shouldServeThePlainJava17ClientWithNoFlags() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17 + " (install openjdk-17-jdk-headless)");
        final Path clientJar = jarOf(TsdbClient.class, "tsdb-client.jar");
        final Path protocolJar = jarOf(FrameEncoder.class, "tsdb-protocol.jar");
        assertThat(classVersion(clientJar, TsdbClient.class)).isEqualTo(JAVA_17_CLASS_VERSION);
        assertThat(classVersion(protocolJar, FrameEncoder.class)).isEqualTo(JAVA_17_CLASS_VERSION);
        final Path probe = dir.resolve("ClientProbe.java");
        try (InputStream in = ClientOnJava17Test.class.getResourceAsStream("/java17/ClientProbe.java")) {
            Files.copy(in, probe);
        }
        try (ServerRuntime server = TestServer.start(dir.resolve("data"))) {
            final Process process = new ProcessBuilder(JAVA_17.toString(), "-cp",
                clientJar + java.io.File.pathSeparator + protocolJar, probe.toString(),
                String.valueOf(server.tcpPort())).redirectErrorStream(true).start();
            final boolean exited = process.waitFor(120, TimeUnit.SECONDS);
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!exited) {
                process.destroyForcibly();
            }
            assertThat(exited).as("probe finished within 120 s: %s", output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            final long id = Tsdb.seriesId("probe.cpu.usage", Labels.of("host", "java17", "core", "0"));
            assertThat(output.lines()).containsExactly(
                "registered " + Long.toUnsignedString(id),
                "inserted 201",
                "queried 200 points, 2 buckets",
                "server error INVALID_ARGUMENT: INVALID_ARGUMENT: query end before start: startMillis=1700000001000 "
                    + "endMillis=1700000000000",
                "java 17 done");
            assertThat(TestServer.countPoints(server, id)).isEqualTo(201);
        }
    }

    /** The jar a class was loaded from; packs its classes directory into one when the build has not yet. */
    private Path jarOf(final Class<?> type, final String name) throws IOException, URISyntaxException {
        final Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(location)) {
            return location;
        }
        final Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
            Stream<Path> files = Files.walk(location)) {
            final List<Path> classes = new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
            for (final Path file : classes) {
                jarOut.putNextEntry(new JarEntry(location.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jarOut);
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    private static int classVersion(final Path jar, final Class<?> type) throws IOException {
        try (JarFile file = new JarFile(jar.toFile());
            DataInputStream in = new DataInputStream(file.getInputStream(file.getJarEntry(
                type.getName().replace('.', '/') + ".class")))) {
            in.readInt();
            in.readUnsignedShort();
            return in.readUnsignedShort();
        }
    }
}
