// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code examples/embedded-core}: an application embedding the engine, built against the deployed release and run
 * on this JVM (Java 22 or later) with plain {@code java -cp} and no JVM flag. It opens a data directory, registers
 * a series, inserts, queries, restarts and queries again; a second run finds the first run's points.
 */
class EmbeddedCoreExampleTest {
    private static final String EXAMPLE = "embedded-core";
    private static final String MAIN = "io.ztsdb.examples.core.EmbeddedCoreExample";
    private static final String SERIES = "example.room.temperature{room=\"kitchen\",sensor=\"t1\"}";

    private static Examples examples;

    @BeforeAll
    static void build() throws Exception {
        examples = Examples.get();
    }

    @Test
    void shouldAskForTheReleasedVersion() throws Exception {
        assertThat(examples.ztsdbVersion(EXAMPLE)).isEqualTo(examples.release().version());
    }

    @Test
    void shouldDependOnTheDeployedCoreAndAgronaOnly() throws Exception {
        final List<Path> libraries = examples.libraries(EXAMPLE);
        assertThat(libraries).extracting(path -> path.getFileName().toString().replaceAll("-[0-9].*", ""))
            .containsExactly("agrona", "tsdb-core");
        assertThat(Files.mismatch(libraries.get(1), examples.release().deployed("tsdb-core", ".jar")))
            .as("tsdb-core resolved from the deployed release").isEqualTo(-1L);
    }

    @Test
    void shouldStoreQueryRestartAndFindItsPointsAgainWithNoJvmFlags() throws Exception {
        final Path javaHome = Path.of(System.getProperty("java.home"));
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(22);
        final String data = examples.release().work().resolve("embedded-core-data").toString();

        final Command first = examples.run(javaHome, EXAMPLE, MAIN, "embedded-core-1", data);
        assertThat(first.exitCode()).as(first.transcript()).isZero();
        assertThat(first.lines()).as(first.transcript()).containsExactly(
            "opened: " + SERIES + " holds 0 points",
            "inserted a batch: 100 accepted, 0 rejected",
            "inserted one point: 1 accepted, 0 rejected",
            "inserted a late point: 0 accepted, 1 rejected",
            "before the restart: 101 points from 1700000000000 to 1700000100000, sum 2111.0",
            SERIES + " max per minute: 21.75 25.5",
            "after the restart: 101 points from 1700000000000 to 1700000100000, sum 2111.0",
            "series: 1, label values of room: [kitchen]");
        assertNoJvmWarning(first);

        final Command second = examples.run(javaHome, EXAMPLE, MAIN, "embedded-core-2", data);
        assertThat(second.exitCode()).as(second.transcript()).isZero();
        assertThat(second.lines()).as(second.transcript()).startsWith("opened: " + SERIES + " holds 101 points")
            .contains("after the restart: 202 points from 1700000000000 to 1700000201000, sum 4222.0");
        assertNoJvmWarning(second);
    }

    @Test
    void shouldRunTheReadmeSnippetWithNoJvmFlags() throws Exception {
        runDocumentedSnippet("README.md", "Embedding the engine", "readme-core", "\\d{13} 12\\.5");
    }

    @Test
    void shouldRunTheEmbeddingPageSnippetWithNoJvmFlags() throws Exception {
        runDocumentedSnippet("docs/embedding.md", "The engine: `tsdb-core`", "docs-core", "\\d{13} 21\\.5");
    }

    private static void runDocumentedSnippet(final String document, final String section, final String name,
        final String expectedLine) throws Exception {
        final List<String> blocks = ReadmeSnippets.blocks(examples.release().root().resolve(document), section,
            "java");
        assertThat(blocks).as("the engine example of %s", document).hasSize(1);
        final Command run = examples.runSnippet(Path.of(System.getProperty("java.home")), EXAMPLE, blocks.get(0),
            List.of("io.ztsdb.core.Labels", "io.ztsdb.core.SampleCursor", "io.ztsdb.core.Tsdb", "java.nio.file.Path"),
            22, name);
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        assertThat(run.lines()).as(run.transcript()).singleElement().asString().matches(expectedLine);
        assertNoJvmWarning(run);
    }

    private static void assertNoJvmWarning(final Command run) {
        // The engine logs INFO lines (WAL replay); the JVM would print "WARNING:" for Unsafe or restricted methods.
        assertThat(run.stderr()).as(run.transcript()).doesNotContain("WARNING").doesNotContain("Unsafe");
    }
}
