// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code blocks of the README, as a reader copies them: the fenced blocks of one section, and a Java block
 * compiled as the body of a {@code main} method against the jars an example resolved from the release.
 */
final class ReadmeSnippets {
    /** The name of the class a Java block becomes. */
    static final String MAIN_CLASS = "ReadmeSnippet";

    private ReadmeSnippets() {
    }

    /**
     * The fenced code blocks of one README section (from its {@code ## } heading to the next one).
     *
     * @param readme   the README.
     * @param section  the heading's text, without the {@code ## }.
     * @param language the block's language ({@code java}, {@code xml}).
     * @return the blocks' text, in order.
     * @throws IOException when the README cannot be read.
     */
    static List<String> blocks(final Path readme, final String section, final String language) throws IOException {
        final List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        final int heading = lines.indexOf("## " + section);
        assertThat(heading).as("README section \"%s\"", section).isNotNegative();
        final List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (int i = heading + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            final String line = lines.get(i);
            if (block == null && line.equals("```" + language)) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /**
     * Compiles a Java block as the body of {@code public static void main} of {@link #MAIN_CLASS}, with
     * {@code -Xlint:all -Werror}.
     *
     * @param body      the block.
     * @param imports   the classes it uses, fully qualified (the README leaves imports out).
     * @param release   the {@code --release} to compile for.
     * @param classPath the jars to compile against.
     * @param output    the directory of the class file (created).
     * @throws IOException when the source cannot be written.
     */
    static void compile(final String body, final List<String> imports, final int release, final List<Path> classPath,
        final Path output) throws IOException {
        Files.createDirectories(output);
        final String source = imports.stream().map(name -> "import " + name + ";\n").collect(Collectors.joining())
            + "\npublic final class " + MAIN_CLASS + " {\n    public static void main(final String[] args) {\n"
            + body.indent(8) + "    }\n}\n";
        final Path file = output.resolve(MAIN_CLASS + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null,
            StandardCharsets.UTF_8)) {
            final List<String> options = List.of("--release", String.valueOf(release), "-Xlint:all", "-Werror",
                "-d", output.toString(), "-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            final boolean compiled = compiler.getTask(null, files, diagnostics, options, null,
                files.getJavaFileObjects(file)).call();
            assertThat(compiled).as("the README's block compiles (Java %d):\n%s\n%s", release, source,
                diagnostics.getDiagnostics()).isTrue();
        }
    }
}
