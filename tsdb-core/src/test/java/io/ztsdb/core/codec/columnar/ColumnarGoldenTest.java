// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.codec.columnar;

import io.ztsdb.core.codec.ChunkFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Golden vectors of the columnar chunk v1 in {@code src/test/resources/golden/columnar-v1-*.hex} with their
 * samples in {@code *.samples}, written by the independent Python implementation
 * {@code src/test/python/columnar_chunk.py}: the Java encoder must produce the same bytes and the decoder the same
 * samples. With {@code python3} on the path, the script is also run here: it must reproduce the committed vectors
 * and agree with the Java encoder and decoder on a seeded random corpus. Never overwrite a vector; add a new one.
 */
class ColumnarGoldenTest {
    static final List<String> VECTORS = List.of("empty", "single", "constant", "decimals", "container-cpu",
        "memory-pages", "counter-resets", "near-decimals", "special-doubles", "extreme-timestamps", "irregular-gaps",
        "repeats-and-jumps", "sparse-spikes", "random-bits");
    private static final Path SCRIPT = Path.of("src/test/python/columnar_chunk.py");

    private final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder(1);
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();

    @Test
    void shouldEncodeAndDecodeEveryGoldenVector() {
        for (final String name : VECTORS) {
            final String vector = "columnar-v1-" + name;
            assertAgrees(vector, resource(vector + ".samples"), resource(vector + ".hex"));
        }
    }

    @Test
    void shouldRejectUnknownEncodingAndVersion() {
        final byte[] chunk = HexFormat.of().parseHex(resource("columnar-v1-decimals.hex").trim());
        chunk[0] = 0x01;
        assertThatThrownBy(() -> decoder.decode(chunk, 0, chunk.length, new long[200], new double[200], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("unknown encoding");
        chunk[0] = 0x02;
        chunk[1] = 0x02;
        assertThatThrownBy(() -> decoder.decode(chunk, 0, chunk.length, new long[200], new double[200], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("version");
    }

    @Test
    void shouldMatchThePythonReferenceImplementation() throws Exception {
        assumeTrue(python3Available(), "python3 is not installed: the committed vectors are still checked");
        final Path dir = Files.createTempDirectory("ztsdb-columnar-golden-");
        try {
            run("--self-test");
            run("--golden", dir.toString());
            for (final String name : VECTORS) {
                for (final String suffix : List.of(".samples", ".hex")) {
                    final String file = "columnar-v1-" + name + suffix;
                    assertThat(Files.readString(dir.resolve(file))).as(file).isEqualTo(resource(file));
                }
            }
            run("--corpus", dir.toString(), "150", "20261206");
            for (int i = 0; i < 150; i++) {
                final String vector = String.format("corpus-%04d", i);
                assertAgrees(vector, Files.readString(dir.resolve(vector + ".samples")),
                    Files.readString(dir.resolve(vector + ".hex")));
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (final Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private void assertAgrees(final String vector, final String samples, final String hex) {
        final String[] lines = samples.isEmpty() ? new String[0] : samples.split("\n");
        final long[] timestamps = new long[lines.length];
        final double[] values = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            final String[] fields = lines[i].split(" ");
            timestamps[i] = Long.parseLong(fields[0]);
            values[i] = Double.longBitsToDouble(Long.parseUnsignedLong(fields[1], 16));
        }
        final int length = encoder.encode(timestamps, values, 0, lines.length);
        assertThat(HexFormat.of().formatHex(encoder.toByteArray())).as(vector).isEqualTo(hex.trim());
        final byte[] chunk = HexFormat.of().parseHex(hex.trim());
        final long[] decodedTimestamps = new long[lines.length];
        final double[] decodedValues = new double[lines.length];
        assertThat(decoder.decode(chunk, 0, length, decodedTimestamps, decodedValues, 0)).isEqualTo(lines.length);
        assertThat(decodedTimestamps).as(vector).containsExactly(timestamps);
        assertThat(Arrays.stream(decodedValues).mapToLong(Double::doubleToRawLongBits).toArray()).as(vector)
            .containsExactly(Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    private static String resource(final String name) {
        try (InputStream in = ColumnarGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden vector: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean python3Available() {
        try {
            final Process process = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(final String... args) throws IOException, InterruptedException {
        final String[] command = new String[args.length + 2];
        command[0] = "python3";
        command[1] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("python3 finished in time").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + output).isZero();
    }
}
