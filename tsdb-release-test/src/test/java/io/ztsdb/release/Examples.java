// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projects of {@code examples/}, copied out of the checkout and built as a user would build them: their own
 * poms, the ztsdb versions from the BOM alone, resolved from the deployed release (a file repository standing in
 * for Maven Central) into a fresh local repository. Built once per test JVM; each example's jar and its runtime
 * dependencies ({@code target/lib}) are then run with plain {@code java -cp} by the tests.
 */
final class Examples {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ZTSDB_VERSION = Pattern.compile("<ztsdb.version>([^<]+)</ztsdb.version>");

    private static Examples instance;
    private static AssertionError failure;

    private final ReleaseBuild release;
    private final Path dir;

    private Examples(final ReleaseBuild release) {
        this.release = release;
        this.dir = release.work().resolve("examples");
    }

    /**
     * The built examples, built on first use (after the release is deployed).
     *
     * @return the examples.
     * @throws Exception when the build cannot run; a failed build fails the assertion with its log.
     */
    static synchronized Examples get() throws Exception {
        if (failure != null) {
            throw failure; // every test class would otherwise build again, and fail the same way
        }
        if (instance == null) {
            final Examples examples = new Examples(ReleaseBuild.get());
            try {
                examples.build();
            } catch (final Exception | AssertionError ex) {
                failure = new AssertionError("the build of examples/ failed", ex);
                throw ex;
            }
            instance = examples;
        }
        return instance;
    }

    private void build() throws IOException, InterruptedException {
        copy(release.root().resolve("examples"), dir);
        final Path settings = release.work().resolve("settings.xml");
        Files.writeString(settings, settingsWithRepository(release.deployedRepository()), StandardCharsets.UTF_8);
        final List<String> command = release.maven(release.work().resolve("examples-local"), true);
        command.addAll(List.of("-s", settings.toString(), "-f", dir.resolve("pom.xml").toString(), "package"));
        final Command build = Command.run(command, dir, Map.of("JAVA_HOME", System.getProperty("java.home")),
            BUILD_TIMEOUT, release.work().resolve("examples-build"));
        assertThat(build.exitCode()).as("mvn package of examples/:\n%s", ReleaseBuild.tail(build.stdout())).isZero();
    }

    /** {@return the release the examples were built against} */
    ReleaseBuild release() {
        return release;
    }

    /**
     * The version of ztsdb an example's pom asks for.
     *
     * @param example the example's directory name.
     * @return the value of its {@code ztsdb.version} property.
     * @throws IOException when the pom cannot be read.
     */
    String ztsdbVersion(final String example) throws IOException {
        final Matcher matcher = ZTSDB_VERSION.matcher(Files.readString(dir.resolve(example).resolve("pom.xml")));
        assertThat(matcher.find()).as("%s/pom.xml sets ztsdb.version", example).isTrue();
        return matcher.group(1);
    }

    /**
     * The class path to run an example with: its jar, then every jar of its {@code target/lib}.
     *
     * @param example the example's directory name (also its jar's name).
     * @return the class path entries.
     * @throws IOException when the directory cannot be listed.
     */
    List<Path> classPath(final String example) throws IOException {
        final List<Path> entries = new ArrayList<>();
        entries.add(dir.resolve(example).resolve("target").resolve(example + ".jar"));
        entries.addAll(libraries(example));
        return entries;
    }

    /**
     * The runtime dependencies Maven resolved for an example.
     *
     * @param example the example's directory name.
     * @return the jars of its {@code target/lib}, sorted by name.
     * @throws IOException when the directory cannot be listed.
     */
    List<Path> libraries(final String example) throws IOException {
        try (Stream<Path> jars = Files.list(dir.resolve(example).resolve("target").resolve("lib"))) {
            return jars.sorted().toList();
        }
    }

    /**
     * Runs an example's main class with plain {@code java -cp} and no JVM option.
     *
     * @param javaHome  the JDK (or JRE) to run on.
     * @param example   the example's directory name.
     * @param mainClass its main class.
     * @param logName   the name of its output files in the work directory.
     * @param arguments its arguments.
     * @return what it printed and its exit code.
     * @throws IOException          when it cannot start.
     * @throws InterruptedException when interrupted.
     */
    Command run(final Path javaHome, final String example, final String mainClass, final String logName,
        final String... arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString(), "-cp",
            String.join(java.io.File.pathSeparator, classPath(example).stream().map(Path::toString).toList()),
            mainClass));
        command.addAll(List.of(arguments));
        return Command.run(command, release.work(), Map.of(), Duration.ofMinutes(2), release.work().resolve(logName));
    }

    /**
     * Compiles a README code block against an example's dependencies and runs it with plain {@code java -cp} and no
     * JVM option, in a fresh working directory.
     *
     * @param javaHome    the JDK (or JRE) to run on.
     * @param example     the example whose {@code target/lib} the block compiles and runs against.
     * @param body        the block (statements).
     * @param imports     the classes it uses, fully qualified.
     * @param javaRelease the {@code --release} to compile for.
     * @param name        the name of its directory and output files in the work directory.
     * @return what it printed and its exit code.
     * @throws IOException          when it cannot be written or started.
     * @throws InterruptedException when interrupted.
     */
    Command runSnippet(final Path javaHome, final String example, final String body, final List<String> imports,
        final int javaRelease, final String name) throws IOException, InterruptedException {
        final Path classes = release.work().resolve(name);
        ReleaseBuild.deleteRecursively(classes);
        ReadmeSnippets.compile(body, imports, javaRelease, libraries(example), classes);
        final List<Path> classPath = new ArrayList<>(List.of(classes));
        classPath.addAll(libraries(example));
        final List<String> command = List.of(javaHome.resolve("bin").resolve("java").toString(), "-cp",
            String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()),
            ReadmeSnippets.MAIN_CLASS);
        return Command.run(command, classes, Map.of(), Duration.ofMinutes(2), release.work().resolve(name));
    }

    private static String settingsWithRepository(final Path repository) {
        return """
            <settings>
              <profiles>
                <profile>
                  <id>release-under-test</id>
                  <repositories>
                    <repository>
                      <id>release-under-test</id>
                      <url>%s</url>
                      <releases><enabled>true</enabled></releases>
                      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
                    </repository>
                  </repositories>
                </profile>
              </profiles>
              <activeProfiles>
                <activeProfile>release-under-test</activeProfile>
              </activeProfiles>
            </settings>
            """.formatted(repository.toUri());
    }

    private static void copy(final Path from, final Path to) throws IOException {
        ReleaseBuild.deleteRecursively(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (final Path file : files.toList()) {
                final Path relative = from.relativize(file);
                if (relative.toString().contains("target")) {
                    continue; // a developer's own build output
                }
                final Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
