// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core.series;

import io.ztsdb.core.Labels;
import io.ztsdb.core.SeriesCollisionException;
import io.ztsdb.core.CorruptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesRegistryTest {
    @TempDir
    Path dir;

    @Test
    void shouldReturnStableIdAndReloadAfterReopen() {
        final long id;
        final long id2;
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            id = register(registry, "container.cpu.usage", Labels.of("container_id", "abc", "runtime", "docker"));
            id2 = register(registry, "container.memory.bytes", Labels.of("container_id", "abc"));
            assertThat(register(registry, "container.cpu.usage", Labels.of("runtime", "docker", "container_id", "abc")))
                .isEqualTo(id);
            assertThat(registry.size()).isEqualTo(2);
        }
        assertThat(id).isEqualTo(SeriesIds.id("container.cpu.usage",
            Labels.of("container_id", "abc", "runtime", "docker")));
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            assertThat(registry.size()).isEqualTo(2);
            final RegisteredSeries s = registry.byOrdinal(registry.ordinalOf(id));
            assertThat(s.metric()).isEqualTo("container.cpu.usage");
            assertThat(s.labels()).isEqualTo(Labels.of("container_id", "abc", "runtime", "docker"));
            assertThat(registry.ordinalOf(id2)).isEqualTo(1);
            assertThat(registry.ordinalOf(12345)).isEqualTo(-1);
        }
    }

    @Test
    void shouldInternSharedStrings() {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            register(registry, "cpu", Labels.of("container_id", new String("abc".toCharArray())));
            register(registry, "mem", Labels.of("container_id", new String("abc".toCharArray())));
            assertThat(registry.byOrdinal(0).labels().value(0)).isSameAs(registry.byOrdinal(1).labels().value(0));
        }
    }

    @Test
    void shouldReportCollisionAndKeepFirstSeries() {
        final SeriesRegistry.IdFunction constant = (metric, labels) -> 0x8000_0000_0000_0007L;
        try (SeriesRegistry registry = SeriesRegistry.open(dir, constant)) {
            registry.register(new String[] {"cpu"}, new Labels[] {Labels.of("a", "1")}, null);
            assertThatThrownBy(() -> registry.register(new String[] {"cpu"}, new Labels[] {Labels.of("a", "2")}, null))
                .isInstanceOfSatisfying(SeriesCollisionException.class, ex -> {
                    assertThat(ex.seriesId()).isEqualTo(0x8000_0000_0000_0007L);
                    assertThat(ex.existingSeries()).isEqualTo("cpu{a=\"1\"}");
                    assertThat(ex.newSeries()).isEqualTo("cpu{a=\"2\"}");
                })
                .hasMessageContaining("series id collision: id=9223372036854775815 belongs to cpu{a=\"1\"}");
            assertThat(registry.size()).isEqualTo(1);
        }
        try (SeriesRegistry registry = SeriesRegistry.open(dir, constant)) {
            assertThat(registry.byOrdinal(0).labels()).isEqualTo(Labels.of("a", "1"));
        }
    }

    @Test
    void shouldRejectWholeBatchWhenTwoOfItCollide() {
        final SeriesRegistry.IdFunction collideOnB =
            (metric, labels) -> labels.get("b") != null ? 1L : 2L + metric.length();
        try (SeriesRegistry registry = SeriesRegistry.open(dir, collideOnB)) {
            assertThatThrownBy(() -> registry.register(new String[] {"x", "y", "zz"},
                new Labels[] {Labels.of("b", "1"), Labels.of("c", "1"), Labels.of("b", "2")}, null))
                .isInstanceOf(SeriesCollisionException.class);
            assertThat(registry.size()).isZero();
            assertThat(registry.fileSizeBytes()).isEqualTo(RegistryFileDescriptor.HEADER_LENGTH);
        }
    }

    @Test
    void shouldRegisterBatchWithDuplicatesInside() {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            final long[] ids = registry.register(new String[] {"a", "b", "a"},
                new Labels[] {Labels.of("x", "1"), Labels.of("x", "1"), Labels.of("x", "1")}, null);
            assertThat(ids[0]).isEqualTo(ids[2]).isNotEqualTo(ids[1]);
            assertThat(registry.size()).isEqualTo(2);
        }
    }

    @Test
    void shouldTruncateTornTailAndKeepEarlierRecords() throws IOException {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            register(registry, "a", Labels.of("x", "1"));
            register(registry, "b", Labels.of("x", "2"));
        }
        final Path file = dir.resolve(RegistryFileDescriptor.FILE_NAME);
        final long goodSize = Files.size(file);
        for (int cut = 1; cut < 27; cut += 5) {
            // A third record cut short, as a crash during its write leaves it.
            try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
                register(registry, "c", Labels.of("x", "3"));
            }
            final long fullSize = Files.size(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(fullSize - cut);
            }
            try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
                assertThat(registry.size()).as("cut %d", cut).isEqualTo(2);
                assertThat(registry.fileSizeBytes()).isEqualTo(goodSize);
            }
            assertThat(Files.size(file)).isEqualTo(goodSize);
        }
    }

    @Test
    void shouldTruncateZeroFilledTail() throws IOException {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            register(registry, "a", Labels.of("x", "1"));
        }
        final Path file = dir.resolve(RegistryFileDescriptor.FILE_NAME);
        final long goodSize = Files.size(file);
        Files.write(file, new byte[64], StandardOpenOption.APPEND);
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            assertThat(registry.size()).isEqualTo(1);
            register(registry, "b", Labels.of("x", "1"));
        }
        assertThat(Files.size(file)).isGreaterThan(goodSize);
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            assertThat(registry.size()).isEqualTo(2);
        }
    }

    @Test
    void shouldFailOnCorruptRecordFollowedByValidOnes() throws IOException {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            register(registry, "a", Labels.of("x", "1"));
            register(registry, "b", Labels.of("x", "2"));
        }
        final Path file = dir.resolve(RegistryFileDescriptor.FILE_NAME);
        final int inFirstBody = RegistryFileDescriptor.HEADER_LENGTH + RegistryFileDescriptor.RECORD_HEADER_LENGTH + 3;
        flipByte(file, inFirstBody);
        assertThatThrownBy(() -> SeriesRegistry.open(dir)).isInstanceOfSatisfying(CorruptionException.class, ex -> {
            assertThat(ex.offset()).isEqualTo(RegistryFileDescriptor.HEADER_LENGTH);
            assertThat(ex.file()).isEqualTo(dir.resolve(RegistryFileDescriptor.FILE_NAME));
        }).hasMessageContaining("CRC32C mismatch");
    }

    @Test
    void shouldRejectForeignFileAndUnknownVersion() throws IOException {
        final Path file = dir.resolve(RegistryFileDescriptor.FILE_NAME);
        Files.write(file, "NOTAREGISTRYFILE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> SeriesRegistry.open(dir)).hasMessageContaining("not a ztsdb series registry");
        Files.write(file, new byte[] {'Z', 'S', 'R', 'G', 9, 0, 0, 0});
        assertThatThrownBy(() -> SeriesRegistry.open(dir)).hasMessageContaining("unsupported series registry version")
            .hasMessageContaining("version=9");
    }

    @Test
    void shouldWriteGoldenRecordBytes() throws IOException {
        try (SeriesRegistry registry = SeriesRegistry.open(dir)) {
            register(registry, "cpu", Labels.of("id", "a"));
        }
        final byte[] bytes = Files.readAllBytes(dir.resolve(RegistryFileDescriptor.FILE_NAME));
        final String golden = new String(getClass().getResourceAsStream("/golden/series-registry-v1.hex")
            .readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        assertThat(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(golden);
    }

    private static void flipByte(final Path file, final int offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
            ch.write(b, offset);
        }
    }

    private static long register(final SeriesRegistry registry, final String metric, final Labels labels) {
        return registry.register(new String[] {metric}, new Labels[] {labels}, null)[0];
    }
}
