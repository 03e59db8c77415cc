// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import io.ztsdb.core.Labels;
import io.ztsdb.core.Tsdb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The examples that talk to a running {@code tsvdb serve} (one server for the class, from the runnable jar the
 * reactor built), built against the deployed release and run with plain {@code java -cp} and no JVM flag:
 * {@code examples/client} on Java 17 (the client's floor) and on this JVM, {@code examples/prometheus-api} (writes
 * with the client, reads back through the Prometheus HTTP API) on Java 17.
 */
class ServerExamplesTest {
    private static final String CLIENT = "client";
    private static final String CLIENT_MAIN = "io.ztsdb.examples.client.ClientExample";
    private static final String PROMETHEUS_API = "prometheus-api";
    private static final String PROMETHEUS_API_MAIN = "io.ztsdb.examples.prometheus.PrometheusApiExample";
    private static final Path JAVA_17 = Path.of(System.getProperty("ztsdb.java17.home",
        "/usr/lib/jvm/java-17-openjdk-amd64"));

    private static Examples examples;
    private static TsvdbServer server;

    @BeforeAll
    static void start() throws Exception {
        examples = Examples.get();
        final Path work = examples.release().work();
        server = TsvdbServer.start(Path.of(System.getProperty("ztsdb.server.jar")), work.resolve("server-data"),
            work.resolve("server.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAskForTheReleasedVersion() throws Exception {
        assertThat(examples.ztsdbVersion(CLIENT)).isEqualTo(examples.release().version());
    }

    @Test
    void shouldNeedTheClientAndTheProtocolJarsOnly() throws Exception {
        final List<Path> libraries = examples.libraries(CLIENT);
        assertThat(libraries).extracting(path -> path.getFileName().toString())
            .containsExactly("tsdb-client-" + examples.release().version() + ".jar",
                "tsdb-protocol-" + examples.release().version() + ".jar");
        assertThat(Files.mismatch(libraries.get(0), examples.release().deployed("tsdb-client", ".jar")))
            .as("tsdb-client resolved from the deployed release").isEqualTo(-1L);
        assertThat(Files.mismatch(libraries.get(1), examples.release().deployed("tsdb-protocol", ".jar")))
            .as("tsdb-protocol resolved from the deployed release").isEqualTo(-1L);
    }

    @Test
    void shouldWriteQueryAndHandleAnErrorOnJava17() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17.resolve("bin").resolve("java")),
            "no Java 17 at " + JAVA_17 + " (scripts/ensure-toolchain.sh installs openjdk-17-jdk-headless)");
        runClientExample(JAVA_17, "17");
    }

    @Test
    void shouldWriteQueryAndHandleAnErrorOnThisJvm() throws Exception {
        runClientExample(Path.of(System.getProperty("java.home")), String.valueOf(Runtime.version().feature()));
    }

    @Test
    void shouldSayWhenNoServerIsThere() throws Exception {
        final Command run = examples.run(Path.of(System.getProperty("java.home")), CLIENT, CLIENT_MAIN,
            "client-no-server", "127.0.0.1", "1");
        assertThat(run.exitCode()).as(run.transcript()).isEqualTo(1);
        assertThat(run.lines()).as(run.transcript()).singleElement().asString()
            .startsWith("no ztsdb server at 127.0.0.1:1: ").contains("Connection refused");
    }

    @Test
    void shouldReadBackThroughThePrometheusApiOnJava17() throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17.resolve("bin").resolve("java")),
            "no Java 17 at " + JAVA_17 + " (scripts/ensure-toolchain.sh installs openjdk-17-jdk-headless)");
        assertThat(examples.libraries(PROMETHEUS_API)).extracting(path -> path.getFileName().toString())
            .containsExactly("tsdb-client-" + examples.release().version() + ".jar",
                "tsdb-protocol-" + examples.release().version() + ".jar");
        final Command run = examples.run(JAVA_17, PROMETHEUS_API, PROMETHEUS_API_MAIN, "prometheus-api-java17",
            "127.0.0.1", String.valueOf(server.tcpPort()), String.valueOf(server.httpPort()));
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        final List<String> lines = run.lines();
        assertThat(lines).as(run.transcript()).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("inserted 10 points: 10 accepted");
        assertThat(lines.get(1)).startsWith("query sum_over_time(example_shop_orders{shop=\"berlin\"}[1m]): "
            + "{\"status\":\"success\"").contains("\"resultType\":\"vector\"", "\"shop\":\"berlin\"");
        assertThat(lines.get(2)).isEqualTo("orders in the last minute: 55");
        assertThat(lines.get(3)).startsWith("series: {\"status\":\"success\"")
            .contains("\"__name__\":\"example_shop_orders\"", "\"shop\":\"berlin\"");
        assertThat(run.stderr()).as("JVM warnings").isEmpty();
    }

    @Test
    void shouldRunTheReadmeSnippetOnJava17() throws Exception {
        runDocumentedSnippet("README.md", "Java client", "readme-client", "\\d{13} 42\\.5");
    }

    @Test
    void shouldRunTheEmbeddingPageSnippetOnJava17() throws Exception {
        runDocumentedSnippet("docs/embedding.md", "The client: `tsdb-client`", "docs-client", "\\d{13} 3\\.0");
    }

    private static void runDocumentedSnippet(final String document, final String section, final String name,
        final String expectedLine) throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17.resolve("bin").resolve("java")),
            "no Java 17 at " + JAVA_17 + " (scripts/ensure-toolchain.sh installs openjdk-17-jdk-headless)");
        final List<String> blocks = ReadmeSnippets.blocks(examples.release().root().resolve(document), section,
            "java");
        assertThat(blocks).as("the client example of %s", document).hasSize(1);
        // The page names the server's default port; the test's server listens on one the system picked.
        assertThat(blocks.get(0)).contains(".port(9876)");
        final String snippet = blocks.get(0).replace(".port(9876)", ".port(" + server.tcpPort() + ")");
        final Command run = examples.runSnippet(JAVA_17, CLIENT, snippet,
            List.of("io.ztsdb.client.QueryResult", "io.ztsdb.client.TsdbClient", "java.util.Map"), 17, name);
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        assertThat(run.lines()).as(run.transcript()).singleElement().asString().matches(expectedLine);
        assertThat(run.stderr()).as("JVM warnings").isEmpty();
    }

    private static void runClientExample(final Path javaHome, final String javaFeature) throws Exception {
        final Command run = examples.run(javaHome, CLIENT, CLIENT_MAIN, "client-java" + javaFeature, "127.0.0.1",
            String.valueOf(server.tcpPort()));
        assertThat(run.exitCode()).as(run.transcript()).isZero();
        final long id = Tsdb.seriesId("example.http.requests", Labels.of("app", "client-example", "java",
            javaFeature));
        final List<String> lines = run.lines();
        assertThat(lines).as(run.transcript()).hasSize(7);
        assertThat(lines.subList(0, 5)).as(run.transcript()).containsExactly(
            "registered example.http.requests{app=\"client-example\",java=\"" + javaFeature + "\"}: id "
                + Long.toUnsignedString(id),
            "inserted a batch: 60 accepted, 0 rejected",
            "streamed points: 40 accepted, 0 rejected",
            "queried 100 points, sum 2475.0",
            "average per minute: 14.75 39.75");
        assertThat(lines.get(5)).as(run.transcript()).startsWith("the server answered INVALID_ARGUMENT: ")
            .contains("end before start");
        assertThat(lines.get(6)).isEqualTo("still connected: true");
        assertThat(run.stderr()).as("JVM warnings").isEmpty();

        // What the server holds, through its HTTP API rather than the client.
        final String selector = "example.http.requests{java=\"" + javaFeature + "\"}";
        final String series = get("/series?match=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        assertThat(series).contains("\"id\":\"" + Long.toUnsignedString(id) + "\"").contains("\"points\":100");
    }

    private static String get(final String pathAndQuery) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
