// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./mvnw deploy} puts into a repository is what Maven Central needs short of the signatures: every
 * published module with its POM, jar, sources and javadoc jars and their checksums; the parent and the BOM; the
 * metadata Central checks (name, description, url, licences, developers, scm); module descriptors and licence
 * texts in the jars; and jar entries that carry the fixed build timestamp (ReproducibleBuildTest compares bytes).
 */
class ReleaseRepositoryTest {
    private static final List<String> LIBRARIES = List.of("tsdb-protocol", "tsdb-core", "tsdb-client", "tsdb-ebpf");
    private static final int JAVA_17_CLASS_VERSION = 61;
    private static final int JAVA_22_CLASS_VERSION = 66;

    private static ReleaseBuild release;

    @BeforeAll
    static void deploy() throws Exception {
        release = ReleaseBuild.get();
    }

    @Test
    void shouldDeployEveryPublishedModuleWithSourcesJavadocAndChecksums() throws IOException {
        for (final String module : ReleaseBuild.PUBLISHED) {
            for (final String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                final Path file = release.deployed(module, suffix);
                assertThat(Path.of(file + ".sha1")).as("checksum of %s", file).exists();
                assertThat(Path.of(file + ".md5")).as("checksum of %s", file).exists();
            }
        }
        assertThat(release.deployed("ztsdb-parent", ".pom")).exists();
        assertThat(release.deployed("tsdb-bom", ".pom")).exists();
        assertThat(release.deployedFiles("tsdb-bom")).noneMatch(name -> name.endsWith(".jar"));
        assertThat(release.deployedFiles("tsdb-bench")).as("benchmarks are not published").isEmpty();
        assertThat(release.deployedFiles("tsdb-release-test")).isEmpty();
    }

    @Test
    void shouldCarryTheMetadataMavenCentralRequires() throws Exception {
        final Element parent = pom("ztsdb-parent");
        assertCentralMetadata(parent);
        assertThat(licences(parent)).containsExactly("Apache-2.0");
        for (final String module : ReleaseBuild.PUBLISHED) {
            final Element pom = pom(module);
            assertThat(text(pom, "name")).as("name of %s", module).isEqualTo(module);
            assertThat(text(pom, "description")).as("description of %s", module).isNotBlank();
            final Element parentRef = child(pom, "parent");
            assertThat(text(parentRef, "artifactId")).isEqualTo("ztsdb-parent");
            assertThat(text(parentRef, "version")).isEqualTo(release.version());
        }
        assertThat(licences(pom("tsdb-ebpf"))).as("the BPF objects in the jar are dual-licensed")
            .containsExactly("Apache-2.0", "GPL-2.0-only OR BSD-2-Clause");
    }

    @Test
    void shouldOfferEveryPublishedModuleInTheBomAndNothingElse() throws Exception {
        final Element bom = pom("tsdb-bom");
        assertThat(child(bom, "parent")).as("a BOM with a parent would import the parent's pins").isNull();
        assertCentralMetadata(bom);
        final List<String> managed = new ArrayList<>();
        for (final Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"))) {
            assertThat(text(dependency, "groupId")).isEqualTo("io.ztsdb");
            assertThat(text(dependency, "version")).isIn("${project.version}", release.version());
            managed.add(text(dependency, "artifactId"));
        }
        assertThat(managed).containsExactlyElementsOf(ReleaseBuild.PUBLISHED);
    }

    @Test
    void shouldPublishTheServerAsOneRunnableJarWithoutDependencies() throws Exception {
        final Element dependencies = child(pom("tsdb-server"), "dependencies");
        final List<String> runtime = new ArrayList<>();
        for (final Element dependency : dependencies == null ? List.<Element>of() : children(dependencies)) {
            final String scope = text(dependency, "scope");
            if (scope == null || scope.equals("compile") || scope.equals("runtime")) {
                runtime.add(text(dependency, "artifactId"));
            }
        }
        assertThat(runtime).as("the dependency-reduced POM: everything is inside the jar").isEmpty();
        try (JarFile jar = new JarFile(release.deployed("tsdb-server", ".jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                .isEqualTo("io.ztsdb.server.Main");
            assertThat(jar.getEntry("io/ztsdb/core/Tsdb.class")).isNotNull();
            assertThat(jar.getEntry("io/vertx/core/Vertx.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/LICENSE")).isNotNull();
        }
    }

    @Test
    void shouldPackModuleDescriptorsLicencesAndTheJavaFloor() throws IOException {
        for (final String module : LIBRARIES) {
            try (JarFile jar = new JarFile(release.deployed(module, ".jar").toFile())) {
                assertThat(jar.getEntry("module-info.class")).as("module descriptor of %s", module).isNotNull();
                assertThat(jar.getEntry("META-INF/LICENSE")).as("licence in %s", module).isNotNull();
            }
        }
        try (JarFile ebpf = new JarFile(release.deployed("tsdb-ebpf", ".jar").toFile())) {
            assertThat(ebpf.getEntry("META-INF/LICENSE.GPL-2.0")).isNotNull();
            assertThat(ebpf.getEntry("META-INF/LICENSE.BSD-2-Clause")).isNotNull();
        }
        assertThat(classVersion("tsdb-protocol", "io/ztsdb/protocol/FrameEncoder.class"))
            .isEqualTo(JAVA_17_CLASS_VERSION);
        assertThat(classVersion("tsdb-client", "io/ztsdb/client/TsdbClient.class")).isEqualTo(JAVA_17_CLASS_VERSION);
        assertThat(classVersion("tsdb-core", "io/ztsdb/core/Tsdb.class")).isEqualTo(JAVA_22_CLASS_VERSION);
    }

    @Test
    void shouldStampEveryJarEntryWithTheBuildTimestamp() throws IOException {
        final Instant timestamp = Instant.parse(System.getProperty("ztsdb.output.timestamp"));
        for (final String module : ReleaseBuild.PUBLISHED) {
            for (final String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                // The runnable server jar copies its dependencies' entries with their own (fixed) times.
                final boolean shaded = module.equals("tsdb-server") && suffix.equals(".jar");
                try (JarFile jar = new JarFile(release.deployed(module, suffix).toFile())) {
                    for (final ZipEntry entry : Collections.list(jar.entries())) {
                        if (shaded && !entry.getName().startsWith("io/ztsdb/")) {
                            continue;
                        }
                        assertThat(entry.getLastModifiedTime().toInstant()).as("%s%s: %s", module, suffix,
                            entry.getName()).isEqualTo(timestamp);
                    }
                }
            }
        }
    }

    private static void assertCentralMetadata(final Element pom) {
        for (final String element : List.of("name", "description", "url")) {
            assertThat(text(pom, element)).as(element).isNotBlank();
        }
        assertThat(licences(pom)).isNotEmpty();
        final Element developer = child(child(pom, "developers"), "developer");
        assertThat(text(developer, "name")).isNotBlank();
        final Element scm = child(pom, "scm");
        for (final String element : List.of("connection", "developerConnection", "url")) {
            assertThat(text(scm, element)).as("scm/" + element).isNotBlank();
        }
    }

    private static List<String> licences(final Element pom) {
        final List<String> names = new ArrayList<>();
        for (final Element licence : children(child(pom, "licenses"))) {
            names.add(text(licence, "name"));
        }
        return names;
    }

    private int classVersion(final String module, final String entry) throws IOException {
        try (JarFile jar = new JarFile(release.deployed(module, ".jar").toFile());
            InputStream in = jar.getInputStream(jar.getEntry(entry));
            DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }

    private static Element pom(final String artifactId) throws Exception {
        final Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(release.deployed(artifactId, ".pom").toFile());
        return document.getDocumentElement();
    }

    private static Element child(final Element parent, final String name) {
        for (final Element element : children(parent)) {
            if (element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(final Element parent) {
        final List<Element> elements = new ArrayList<>();
        final NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                elements.add((Element) nodes.item(i));
            }
        }
        return elements;
    }

    private static String text(final Element parent, final String name) {
        final Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
