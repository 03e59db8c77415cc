// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * javac checks the javadoc of exactly the packages each module exports (root pom, {@code ztsdb.doclint.packages}):
 * every unqualified {@code exports} of a module-info is in its module's list, and the list names nothing else. A
 * package exported without a line in the pom would have its public API go unchecked.
 */
class DoclintCoverageTest {
    private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern DOCLINT_PACKAGES = Pattern.compile(
        "<ztsdb\\.doclint\\.packages>([^<]*)</ztsdb\\.doclint\\.packages>");

    @Test
    void shouldCheckTheJavadocOfEveryExportedPackage() throws IOException {
        final Path root = Path.of(System.getProperty("ztsdb.root")).toAbsolutePath().normalize();
        final List<Path> descriptors;
        try (Stream<Path> modules = Files.list(root)) {
            descriptors = modules.map(module -> module.resolve("src/main/java/module-info.java"))
                .filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(descriptors).as("module descriptors under %s", root).hasSizeGreaterThanOrEqualTo(5);
        for (final Path descriptor : descriptors) {
            final Path module = descriptor.getParent().getParent().getParent().getParent();
            final List<String> exported = new ArrayList<>();
            final Matcher exports = EXPORTS.matcher(stripComments(Files.readString(descriptor)));
            while (exports.find()) {
                exported.add(exports.group(1));
            }
            final Matcher property = DOCLINT_PACKAGES.matcher(Files.readString(module.resolve("pom.xml")));
            final List<String> checked = property.find()
                ? Arrays.stream(property.group(1).split(",")).map(String::trim).toList() : List.of();
            assertThat(checked).as("%s/pom.xml <ztsdb.doclint.packages>: the packages its module-info exports",
                module.getFileName()).containsExactlyInAnyOrderElementsOf(exported);
        }
    }

    private static String stripComments(final String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }
}
