// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release under test, made once per test JVM: {@code ./mvnw deploy -DaltDeploymentRepository=...} of every
 * published module (and the parent and BOM they need) into a throw-away file repository, as docs/release.md says,
 * with a throw-away local repository in front of the user's (read-only, for the third-party artifacts already
 * downloaded). No test compiles or runs in it: the surrounding build has done that.
 * <p>
 * It is a second build of the checkout: {@code clean deploy} rebuilds the published modules from nothing in their
 * {@code target/} directories, so it runs after them in the reactor (this module depends on them) and never beside
 * another build of the same checkout. The digests of the jars the surrounding build made are taken first: a
 * reproducible build gives the deployed jars the same bytes.
 */
final class ReleaseBuild {
    /** The modules a release publishes, in reactor order; the parent and the BOM come along. */
    static final List<String> PUBLISHED = List.of("tsdb-protocol", "tsdb-core", "tsdb-client", "tsdb-ebpf",
        "tsdb-server");
    static final String GROUP_PATH = "io/ztsdb";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(10);

    private static ReleaseBuild instance;
    private static AssertionError failure;

    private final Path root;
    private final String version;
    private final Path work;
    private final Path userRepository;
    private final boolean offline;
    private final Map<String, String> reactorJarDigests = new LinkedHashMap<>();

    private ReleaseBuild() {
        root = Path.of(property("ztsdb.root")).toAbsolutePath().normalize();
        version = property("ztsdb.version");
        work = Path.of(property("ztsdb.work")).toAbsolutePath().normalize();
        userRepository = Path.of(property("ztsdb.local.repository")).toAbsolutePath().normalize();
        offline = System.getProperty("ztsdb.offline", "").equals("settings.offline=true");
    }

    /**
     * The deployed release, built on first use.
     *
     * @return the release.
     * @throws Exception when the deployment cannot run; a failed deployment fails the assertion with its log.
     */
    static synchronized ReleaseBuild get() throws Exception {
        if (failure != null) {
            throw failure; // every test class would otherwise deploy again, and fail the same way
        }
        if (instance == null) {
            final ReleaseBuild build = new ReleaseBuild();
            try {
                build.deploy();
            } catch (final Exception | AssertionError ex) {
                failure = new AssertionError("the release build failed", ex);
                throw ex;
            }
            instance = build;
        }
        return instance;
    }

    private void deploy() throws IOException, InterruptedException {
        deleteRecursively(work);
        Files.createDirectories(work);
        for (final String module : PUBLISHED) {
            reactorJarDigests.put(module, sha256(reactorJar(module)));
        }
        // Never offline: Maven refuses to deploy then. The third-party artifacts come from the user's repository.
        final List<String> command = maven(localRepository(), false);
        command.addAll(List.of("-f", root.resolve("pom.xml").toString(), "clean", "deploy",
            "-Dmaven.test.skip=true", "-Dcheckstyle.skip=true",
            "-pl", "tsdb-bom," + String.join(",", PUBLISHED), "-am",
            "-DaltDeploymentRepository=release-test::file://" + deployedRepository()));
        final Command deploy = Command.run(command, root, Map.of("JAVA_HOME", System.getProperty("java.home")),
            DEPLOY_TIMEOUT, work.resolve("deploy"));
        assertThat(deploy.exitCode()).as("./mvnw deploy to a file repository:\n%s", tail(deploy.stdout()))
            .isZero();
    }

    /**
     * The jar the surrounding build made of a module (in its {@code target/}, before this build replaced it).
     *
     * @param module the module.
     * @return its SHA-256, in hex.
     */
    String reactorJarDigest(final String module) {
        return reactorJarDigests.get(module);
    }

    private Path reactorJar(final String module) throws IOException {
        final Path target = root.resolve(module).resolve("target");
        final List<Path> jars;
        try (Stream<Path> files = Files.list(target)) {
            jars = files.filter(file -> {
                final String name = file.getFileName().toString();
                return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
                    && !name.startsWith("original-");
            }).toList();
        }
        assertThat(jars).as("the jar of %s built by the surrounding build (mvn verify or package)", module)
            .hasSize(1);
        return jars.get(0);
    }

    /**
     * Hashes a file.
     *
     * @param file the file.
     * @return its SHA-256, in hex.
     */
    static String sha256(final Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
            MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (final NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The Maven command line of this checkout's wrapper with a throw-away local repository in front of the user's.
     *
     * @param localRepository the throw-away local repository.
     * @param offlineLikeUs    offline if the surrounding build is.
     * @return the command, ready for goals and more options.
     */
    List<String> maven(final Path localRepository, final boolean offlineLikeUs) {
        final List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp",
            "-Dmaven.repo.local=" + localRepository, "-Dmaven.repo.local.tail=" + thirdPartyRepository()));
        if (offlineLikeUs && offline) {
            // Offline like the surrounding build; the file repository of the release stays reachable.
            command.addAll(List.of("-o", "-Daether.offline.protocols=file"));
        }
        return command;
    }

    /**
     * The user's repository without its {@code io/ztsdb} directory, as a tree of symbolic links: any build of this
     * checkout may have installed ztsdb snapshots there, and a build of the examples must take ztsdb only from the
     * deployed release.
     */
    private synchronized Path thirdPartyRepository() {
        final Path view = work.resolve("third-party-repository");
        if (Files.isDirectory(view)) {
            return view;
        }
        try {
            Files.createDirectories(view.resolve("io"));
            try (Stream<Path> top = Files.list(userRepository)) {
                for (final Path entry : top.toList()) {
                    if (!entry.getFileName().toString().equals("io")) {
                        Files.createSymbolicLink(view.resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
            final Path io = userRepository.resolve("io");
            if (Files.isDirectory(io)) {
                try (Stream<Path> groups = Files.list(io)) {
                    for (final Path entry : groups.toList()) {
                        if (!entry.getFileName().toString().equals("ztsdb")) {
                            Files.createSymbolicLink(view.resolve("io").resolve(entry.getFileName().toString()), entry);
                        }
                    }
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return view;
    }

    /** {@return the checkout's root directory} */
    Path root() {
        return root;
    }

    /** {@return the version being released} */
    String version() {
        return version;
    }

    /** {@return a directory for the tests' own files, below this build's} */
    Path work() {
        return work;
    }

    /** {@return the file repository the release was deployed to (what Maven Central would receive)} */
    Path deployedRepository() {
        return work.resolve("deployed");
    }

    /** {@return the throw-away local repository the deployment installed into} */
    Path localRepository() {
        return work.resolve("local");
    }

    /**
     * Lists the deployed files of one artifact (the version directory of a snapshot holds timestamped names).
     *
     * @param artifactId the artifact.
     * @return the file names, sorted.
     * @throws IOException when the directory cannot be listed.
     */
    List<String> deployedFiles(final String artifactId) throws IOException {
        final Path dir = deployedRepository().resolve(GROUP_PATH).resolve(artifactId).resolve(version);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Finds one deployed file of an artifact.
     *
     * @param artifactId the artifact.
     * @param suffix     what the file name ends with after the version: {@code .jar}, {@code -sources.jar},
     *                   {@code .pom}.
     * @return the file.
     * @throws IOException when the directory cannot be listed.
     */
    Path deployed(final String artifactId, final String suffix) throws IOException {
        final String release = version.replace("-SNAPSHOT", "");
        final List<String> matches = deployedFiles(artifactId).stream()
            .filter(name -> name.startsWith(artifactId + "-" + release))
            .filter(name -> name.endsWith(suffix))
            .filter(name -> !name.substring(0, name.length() - suffix.length()).matches(".*-(sources|javadoc)$"))
            .toList();
        assertThat(matches).as("deployed %s*%s", artifactId, suffix).hasSize(1);
        return deployedRepository().resolve(GROUP_PATH).resolve(artifactId).resolve(version).resolve(matches.get(0));
    }

    private static String property(final String name) {
        final String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven "
                + "(tsdb-release-test/pom.xml sets it)");
        }
        return value;
    }

    static String tail(final String log) {
        final List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
