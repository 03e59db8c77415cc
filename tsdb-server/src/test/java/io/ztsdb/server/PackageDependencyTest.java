// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import io.ztsdb.client.TsdbClient;
import io.ztsdb.core.Tsdb;
import io.ztsdb.ebpf.EbpfCollector;
import io.ztsdb.protocol.FrameDescriptor;
import io.ztsdb.server.runtime.ServerRuntime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package dependencies of the compiled classes point one way: in the server no cycle and each package imports
 * only packages of a lower layer; in every module on the server's class path no cycle among the internal packages.
 * Prints the server's package graph.
 * <pre>
 * ./mvnw -pl tsdb-server -am test -Dtest=PackageDependencyTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class PackageDependencyTest {
    private static final String SERVER = "io.ztsdb.server";

    /**
     * The server's layers, top first. A package may depend only on packages of a later (lower) layer: the
     * command line composes the collector, the remote-write sender and the runtime, the runtime the front ends,
     * the HTTP API mounts the Prometheus API, the front ends ask the security package (tokens, TLS, limits), and all
     * of them use the shared counters, settings, the Netty adapter and the ingest hook. A new package gets
     * its place here.
     */
    static final List<Set<String>> SERVER_LAYERS = List.of(
        Set.of(SERVER),
        Set.of(SERVER + ".cli"),
        Set.of(SERVER + ".collect", SERVER + ".remotewrite"),
        Set.of(SERVER + ".runtime"),
        Set.of(SERVER + ".http", SERVER + ".tcp"),
        Set.of(SERVER + ".prometheus", SERVER + ".http.remotewrite", SERVER + ".http.influx", SERVER + ".metrics",
            SERVER + ".http.ui"),
        Set.of(SERVER + ".security"),
        Set.of(SERVER + ".ingest"),
        Set.of(SERVER + ".stats", SERVER + ".config", SERVER + ".netty"));

    /** Module prefix -> a class of that module, for every module on the server's class path. */
    private static final Map<String, Class<?>> MODULES = new LinkedHashMap<>();

    static {
        MODULES.put(SERVER, ServerRuntime.class);
        MODULES.put("io.ztsdb.core", Tsdb.class);
        MODULES.put("io.ztsdb.protocol", FrameDescriptor.class);
        MODULES.put("io.ztsdb.client", TsdbClient.class);
        MODULES.put("io.ztsdb.ebpf", EbpfCollector.class);
    }

    @Test
    void shouldHaveNoPackageCycleInTheServer() {
        final PackageGraph graph = PackageGraph.ofModuleOf(ServerRuntime.class, SERVER);
        assertThat(describeCycles(graph, graph.cycles())).as("package cycles in the server").isEmpty();
    }

    /**
     * Every module: no cycle among its internal packages. The packages it exports are left out, as in Agrona and
     * Aeron: a facade there ({@code Tsdb}, {@code EbpfCollector}) builds the internals, and the internals use the
     * API's value types and exceptions; cycles through them are printed, not failed.
     */
    @Test
    void shouldHaveNoCycleAmongTheInternalPackagesOfEveryModule() {
        final List<String> failures = new ArrayList<>();
        MODULES.forEach((prefix, anyClass) -> {
            final PackageGraph graph = PackageGraph.ofModuleOf(anyClass, prefix);
            describeCycles(graph, graph.cycles()).forEach(cycle ->
                System.out.println("note: " + prefix + " has a cycle through its API packages: " + cycle));
            failures.addAll(describeCycles(graph, graph.without(graph.exported()).cycles()));
        });
        assertThat(failures).as("package cycles among internal packages").isEmpty();
    }

    @Test
    void shouldImportOnlyLowerLayersInTheServer() {
        final PackageGraph graph = PackageGraph.ofModuleOf(ServerRuntime.class, SERVER);
        graph.describe().forEach(line -> System.out.println("server package dependency: " + line));
        assertThat(layerViolations(graph)).as("server packages importing their own or a higher layer").isEmpty();
    }

    @Test
    void shouldDetectCyclesAndUpwardImports() {
        final PackageGraph cyclic = PackageGraph.of(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"),
            "d", Set.of("a")));
        assertThat(cyclic.cycles()).containsExactly(Set.of("a", "b", "c"));
        assertThat(PackageGraph.of(Map.of("a", Set.of("b"), "b", Set.of())).cycles()).isEmpty();

        final PackageGraph upward = PackageGraph.of(Map.of(SERVER + ".http", Set.of(SERVER + ".runtime"),
            SERVER + ".tcp", Set.of(SERVER + ".http"), SERVER + ".cli", Set.of(SERVER + ".config"),
            SERVER + ".promql", Set.of()));
        assertThat(layerViolations(upward)).containsExactlyInAnyOrder(
            SERVER + ".http -> " + SERVER + ".runtime (" + SERVER + ".http -> " + SERVER + ".runtime)",
            SERVER + ".tcp -> " + SERVER + ".http (" + SERVER + ".tcp -> " + SERVER + ".http)",
            SERVER + ".promql has no layer: add it to PackageDependencyTest.SERVER_LAYERS");
    }

    @Test
    void shouldReadTheReferencesOfCompiledClasses() {
        final PackageGraph graph = PackageGraph.ofModuleOf(ServerRuntime.class, SERVER);
        assertThat(graph.dependenciesOf(SERVER + ".runtime")).containsKeys(SERVER + ".http", SERVER + ".tcp",
            SERVER + ".config", SERVER + ".stats");
        assertThat(graph.dependenciesOf(SERVER)).containsKey(SERVER + ".cli");
    }

    private static List<String> layerViolations(final PackageGraph graph) {
        final List<String> violations = new ArrayList<>();
        for (final String pkg : graph.packages()) {
            final int layer = layerOf(pkg);
            if (layer < 0) {
                violations.add(pkg + " has no layer: add it to PackageDependencyTest.SERVER_LAYERS");
                continue;
            }
            graph.dependenciesOf(pkg).forEach((target, example) -> {
                final int targetLayer = layerOf(target);
                if (targetLayer >= 0 && targetLayer <= layer) {
                    violations.add(pkg + " -> " + target + " (" + example + ")");
                }
            });
        }
        return violations;
    }

    private static int layerOf(final String pkg) {
        for (int i = 0; i < SERVER_LAYERS.size(); i++) {
            if (SERVER_LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> describeCycles(final PackageGraph graph, final List<Set<String>> cycles) {
        final List<String> lines = new ArrayList<>();
        for (final Set<String> cycle : cycles) {
            final List<String> edges = new ArrayList<>();
            for (final String pkg : cycle) {
                graph.dependenciesOf(pkg).forEach((target, example) -> {
                    if (cycle.contains(target)) {
                        edges.add(pkg + " -> " + target + " (" + example + ")");
                    }
                });
            }
            lines.add("packages in a cycle " + cycle + ", edges: " + edges);
        }
        return lines;
    }
}
