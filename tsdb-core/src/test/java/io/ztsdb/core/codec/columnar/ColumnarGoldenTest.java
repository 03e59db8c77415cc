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
 * Golden vectors of the columnar chunk in {@code src/test/resources/golden/columnar-v1-*.hex} (layout version 1) and
 * {@code columnar-v2-*.hex} (version 2: Rice and sparse miniblocks) with their samples in {@code *.samples}, written
 * by the independent Python implementation {@code src/test/python/columnar_chunk.py}: the Java encoder of the same
 * version must produce the same bytes and the decoder the same samples. With {@code python3} on the path, the script
 * is also run here: it must reproduce the committed vectors and agree with the Java encoder and decoder on a seeded
 * random corpus of both versions. Never overwrite a vector; add a new one.
 */
class ColumnarGoldenTest {
    static final List<String> VECTORS = List.of("empty", "single", "constant", "decimals", "container-cpu",
        "memory-pages", "counter-resets", "near-decimals", "special-doubles", "extreme-timestamps", "irregular-gaps",
        "repeats-and-jumps", "sparse-spikes", "random-bits");
    static final List<String> VECTORS_V2 = Stream.concat(VECTORS.stream(), Stream.of("noisy-rates",
        "network-counter", "blkio-bursts", "ops-among-zeros", "small-noise-with-spikes")).toList();
    private static final Path SCRIPT = Path.of("src/test/python/columnar_chunk.py");

    private final ColumnarChunkEncoder encoderV1 = new ColumnarChunkEncoder(1);
    private final ColumnarChunkEncoder encoder = new ColumnarChunkEncoder();
    private final ColumnarChunkDecoder decoder = new ColumnarChunkDecoder();

    @Test
    void shouldEncodeAndDecodeEveryGoldenVector() {
        for (final String name : VECTORS) {
            final String vector = "columnar-v1-" + name;
            assertAgrees(vector, resource(vector + ".samples"), resource(vector + ".hex"));
        }
        for (final String name : VECTORS_V2) {
            final String vector = "columnar-v2-" + name;
            assertAgrees(vector, resource(vector + ".samples"), resource(vector + ".hex"));
        }
    }

    /** Version 2 is only ever chosen when shorter: these vectors are shorter than version 1 would make them. */
    @Test
    void shouldHoldRiceAndSparseMiniblocksInTheVersion2Vectors() {
        for (final String name : List.of("noisy-rates", "blkio-bursts", "ops-among-zeros")) {
            final String vector = "columnar-v2-" + name;
            assertThat(resource(vector + ".hex").trim().length() / 2).as(vector)
                .isLessThan(encodedV1Length(vector));
        }
    }

    private int encodedV1Length(final String vector) {
        final String[] lines = resource(vector + ".samples").split("\n");
        final long[] timestamps = new long[lines.length];
        final double[] values = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            final String[] fields = lines[i].split(" ");
            timestamps[i] = Long.parseLong(fields[0]);
            values[i] = Double.longBitsToDouble(Long.parseUnsignedLong(fields[1], 16));
        }
        return encoderV1.encode(timestamps, values, 0, lines.length);
    }

    @Test
    void shouldRejectUnknownEncodingAndVersion() {
        final byte[] chunk = HexFormat.of().parseHex(resource("columnar-v1-decimals.hex").trim());
        chunk[0] = 0x01;
        assertThatThrownBy(() -> decoder.decode(chunk, 0, chunk.length, new long[200], new double[200], 0))
            .isInstanceOf(ChunkFormatException.class).hasMessageContaining("unknown encoding");
        chunk[0] = 0x02;
        chunk[1] = 0x03;
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
            for (final String name : VECTORS_V2) {
                for (final String suffix : List.of(".samples", ".hex")) {
                    final String file = "columnar-v2-" + name + suffix;
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
        final byte[] chunk = HexFormat.of().parseHex(hex.trim());
        final ColumnarChunkEncoder chunks = chunk[1] == 1 ? encoderV1 : encoder;
        final int length = chunks.encode(timestamps, values, 0, lines.length);
        assertThat(HexFormat.of().formatHex(chunks.toByteArray())).as(vector).isEqualTo(hex.trim());
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
