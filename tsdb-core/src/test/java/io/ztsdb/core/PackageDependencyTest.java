// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.core;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dependencies between the packages of {@code tsdb-core} point one way, as {@code jdeps} reads them from the
 * compiled classes (the same check by hand: {@code jdeps -verbose:class $(find tsdb-core/target/classes -name
 * '*.class' ! -name module-info.class)}).
 * <p>
 * The API package {@code io.ztsdb.core} is two layers: its types (cursors, selectors, labels, settings, results,
 * exceptions), which every internal package may use and which use no internal package, and the facade {@link
 * Tsdb}, which uses the internal packages and which none of them uses. With the facade counted as a node of its
 * own, the package graph has no cycle.
 * <p>
 * PromQL ({@code io.ztsdb.core.promql} and below) is a layer above the facade: it queries through {@link Tsdb}.
 * It is built the same way: its API types use nothing of its internal packages, its own facade
 * {@code PromqlEngine} (a node of its own) uses them.
 */
class PackageDependencyTest {
    private static final String ROOT = "io.ztsdb.core";
    private static final String FACADE = ROOT + ".Tsdb";
    private static final String PROMQL = ROOT + ".promql";
    private static final String PROMQL_FACADE = PROMQL + ".PromqlEngine";
    private static final Pattern EDGE =
        Pattern.compile("^\\s+(io\\.ztsdb\\.core\\S*)\\s+->\\s+(io\\.ztsdb\\.core\\S*)\\s");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readDependencies() throws IOException, URISyntaxException {
        final Path classes = Path.of(Tsdb.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none"));
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
                .forEach(f -> args.add(f.toString()));
        }
        final ToolProvider jdeps = ToolProvider.findFirst("jdeps")
            .orElseThrow(() -> new AssertionError("jdeps not found: run the tests on a full JDK"));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(status).as("jdeps failed: %s", err).isZero();
        graph = new TreeMap<>();
        for (final String line : out.toString().split("\n")) {
            final Matcher edge = EDGE.matcher(line);
            if (edge.find()) {
                final String from = node(edge.group(1));
                final String to = node(edge.group(2));
                graph.computeIfAbsent(from, k -> new TreeSet<>());
                graph.computeIfAbsent(to, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    graph.get(from).add(to);
                }
            }
        }
        assertThat(graph).as("jdeps output had no core classes:\n%s", out).containsKeys(FACADE, ROOT,
            ROOT + ".engine", ROOT + ".head");
    }

    /** @return the package of a class, or the facade's own node for {@link Tsdb} and its nested classes. */
    private static String node(final String className) {
        if (className.equals(FACADE) || className.startsWith(FACADE + "$")) {
            return FACADE;
        }
        if (className.equals(PROMQL_FACADE) || className.startsWith(PROMQL_FACADE + "$")) {
            return PROMQL_FACADE;
        }
        return className.substring(0, className.lastIndexOf('.'));
    }

    @Test
    void shouldHaveNoPackageCycles() {
        final List<List<String>> cycles = stronglyConnected().stream().filter(c -> c.size() > 1).toList();
        assertThat(cycles).as("packages that depend on each other, in %s", graph).isEmpty();
    }

    @Test
    void shouldKeepApiTypesFreeOfInternals() {
        assertThat(graph.get(ROOT)).as("internal packages used by the API types").isEmpty();
        assertThat(graph.get(PROMQL)).as("packages used by PromQL's API types").isSubsetOf(ROOT);
        for (final Map.Entry<String, Set<String>> entry : graph.entrySet()) {
            if (!entry.getKey().startsWith(PROMQL)) {
                assertThat(entry.getValue()).as("%s must not use the facade", entry.getKey()).doesNotContain(FACADE);
            }
            assertThat(entry.getValue()).as("%s must not use PromQL's facade", entry.getKey())
                .doesNotContain(PROMQL_FACADE);
        }
    }

    /** Tarjan's algorithm: the strongly connected components of the graph. */
    private static List<List<String>> stronglyConnected() {
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Integer> low = new HashMap<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> onStack = new TreeSet<>();
        final List<List<String>> components = new ArrayList<>();
        for (final String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(final String node, final Map<String, Integer> index, final Map<String, Integer> low,
        final Deque<String> stack, final Set<String> onStack, final List<List<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (final String next : graph.get(node)) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            final List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
