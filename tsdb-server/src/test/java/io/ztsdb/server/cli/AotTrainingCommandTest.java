// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.cli;

import io.ztsdb.core.SampleCursor;
import io.ztsdb.core.SeriesInfo;
import io.ztsdb.core.Tsdb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tsvdb aot-training}, the launcher's training run of the AOT cache: it leaves the series it stored,
 * persisted as a block and read back by the second server; it is not listed in the help.
 */
class AotTrainingCommandTest {
    @TempDir
    Path dir;

    @Test
    void storesPersistsAndReopensTheTrainingSeries() throws IOException {
        final Path data = dir.resolve("data");
        final CommandLine cli = TsvdbCommand.commandLine();
        final StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("aot-training", "--data-dir", data.toString())).as(err.toString()).isZero();
        try (Stream<Path> blocks = Files.list(data.resolve("blocks"))) {
            assertThat(blocks.count()).as("blocks written by the persist").isPositive();
        }
        try (Tsdb tsdb = Tsdb.open(data)) {
            final List<SeriesInfo> series = tsdb.series();
            assertThat(series).hasSize(AotTrainingCommand.SERIES)
                .allSatisfy(info -> assertThat(info.pointCount()).isEqualTo(AotTrainingCommand.POINTS));
            final SyntheticSeries expected = new SyntheticSeries(3);
            int read = 0;
            try (SampleCursor samples = tsdb.query(3, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (samples.next()) {
                    assertThat(samples.value()).isEqualTo(expected.next());
                    read++;
                }
            }
            assertThat(read).isEqualTo(AotTrainingCommand.POINTS);
        }
    }

    @Test
    void isNotListedInTheHelp() {
        final CommandLine cli = TsvdbCommand.commandLine();
        final StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("serve").doesNotContain("aot-training");
    }
}
