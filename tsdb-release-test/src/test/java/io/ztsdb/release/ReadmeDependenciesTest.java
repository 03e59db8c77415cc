// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's dependency snippets are what a user pastes into a pom: the BOM of this version imported, and the
 * modules without versions (the BOM gives them). The examples' poms, which the release tests build, use the same
 * shape.
 */
class ReadmeDependenciesTest {
    private static final Path ROOT = Path.of(System.getProperty("ztsdb.root")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("ztsdb.version");

    @Test
    void shouldImportTheBomOfThisVersionAndDependOnCore() throws Exception {
        final List<String> blocks = ReadmeSnippets.blocks(ROOT.resolve("README.md"), "Embedding the engine", "xml");
        assertThat(blocks).hasSize(1);
        final Element project = parse(blocks.get(0));
        final List<Element> managed = dependencies(project, "dependencyManagement");
        assertThat(managed).hasSize(1);
        final Element bom = managed.get(0);
        assertThat(text(bom, "groupId")).isEqualTo("io.ztsdb");
        assertThat(text(bom, "artifactId")).isEqualTo("tsdb-bom");
        assertThat(text(bom, "version")).isEqualTo(VERSION);
        assertThat(text(bom, "type")).isEqualTo("pom");
        assertThat(text(bom, "scope")).isEqualTo("import");
        assertVersionlessModule(dependencies(project, "dependencies"), "tsdb-core");
    }

    @Test
    void shouldDependOnTheClientThroughTheBom() throws Exception {
        final List<String> blocks = ReadmeSnippets.blocks(ROOT.resolve("README.md"), "Java client", "xml");
        assertThat(blocks).hasSize(1);
        assertVersionlessModule(dependencies(parse(blocks.get(0)), null), "tsdb-client");
    }

    @Test
    void shouldBuildTheExamplesThroughTheBomToo() throws Exception {
        for (final String example : List.of("embedded-core", "client", "prometheus-api")) {
            final String pom = Files.readString(ROOT.resolve("examples").resolve(example).resolve("pom.xml"));
            assertThat(pom).as(example).doesNotContain("<parent>")
                .contains("<artifactId>tsdb-bom</artifactId>", "<scope>import</scope>")
                .contains("<ztsdb.version>" + VERSION + "</ztsdb.version>");
        }
    }

    private static void assertVersionlessModule(final List<Element> dependencies, final String artifactId) {
        assertThat(dependencies).hasSize(1);
        assertThat(text(dependencies.get(0), "groupId")).isEqualTo("io.ztsdb");
        assertThat(text(dependencies.get(0), "artifactId")).isEqualTo(artifactId);
        assertThat(text(dependencies.get(0), "version")).as("the version comes from the BOM").isNull();
        assertThat(ReleaseBuild.PUBLISHED).contains(artifactId);
    }

    private static Element parse(final String snippet) throws Exception {
        final Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new InputSource(new StringReader("<project>" + snippet + "</project>")));
        return document.getDocumentElement();
    }

    /** The {@code dependency} elements below {@code section} (or anywhere, for {@code null}). */
    private static List<Element> dependencies(final Element project, final String section) {
        final List<Element> found = new ArrayList<>();
        final NodeList all = project.getElementsByTagName("dependency");
        for (int i = 0; i < all.getLength(); i++) {
            final Element dependency = (Element) all.item(i);
            final Element list = (Element) dependency.getParentNode();
            final Element owner = list.getParentNode() instanceof Element parent ? parent : null;
            final String ownerName = owner == null ? null : owner.getTagName();
            if (section == null || section.equals(ownerName)
                || section.equals("dependencies") && "project".equals(ownerName)) {
                found.add(dependency);
            }
        }
        return found;
    }

    private static String text(final Element parent, final String name) {
        final NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
