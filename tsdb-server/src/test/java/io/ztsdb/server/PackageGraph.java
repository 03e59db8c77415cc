// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The package dependency graph of one module's compiled classes: an edge {@code p -> q} when a class of package
 * {@code p} refers to a class of package {@code q}, both under a given prefix, with one example pair of classes
 * per edge for the error messages.
 */
final class PackageGraph {
    /** package -> (package it depends on -> example "from.Class -> to.Class"). */
    private final Map<String, Map<String, String>> edges = new TreeMap<>();
    /** The packages the module exports to everyone ({@code module-info}); empty for a graph built by hand. */
    private final Set<String> exported = new TreeSet<>();

    private PackageGraph() {
    }

    /**
     * @param dependencies package -> the packages it depends on.
     * @return a graph of exactly those edges (tests of the checks themselves).
     */
    static PackageGraph of(final Map<String, Set<String>> dependencies) {
        final PackageGraph graph = new PackageGraph();
        dependencies.forEach((from, targets) -> {
            final Map<String, String> edge = graph.edges.computeIfAbsent(from, p -> new TreeMap<>());
            targets.forEach(to -> edge.put(to, from + " -> " + to));
        });
        return graph;
    }

    /**
     * Reads every class of the module that holds {@code anyClass} (its class directory or jar).
     *
     * @param anyClass a class of the module.
     * @param prefix   only packages starting with this, e.g. {@code io.ztsdb.server}, are nodes.
     * @return the graph.
     */
    static PackageGraph ofModuleOf(final Class<?> anyClass, final String prefix) {
        final Path location;
        try {
            location = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException("cannot locate the classes of " + anyClass.getName(), ex);
        }
        final PackageGraph graph = new PackageGraph();
        ModuleFinder.of(location).findAll().forEach(module -> module.descriptor().exports().stream()
            .filter(export -> !export.isQualified())
            .forEach(export -> graph.exported.add(export.source())));
        try {
            if (Files.isDirectory(location)) {
                graph.readClasses(location, prefix);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    graph.readClasses(jar.getPath("/"), prefix);
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot read the classes in " + location, ex);
        }
        if (graph.edges.isEmpty()) {
            throw new IllegalStateException("no classes under " + prefix + " in " + location);
        }
        return graph;
    }

    private void readClasses(final Path root, final String prefix) throws IOException {
        final List<Path> classFiles;
        try (Stream<Path> files = Files.walk(root)) {
            classFiles = files.filter(f -> f.toString().endsWith(".class"))
                .filter(f -> !f.getFileName().toString().equals("module-info.class"))
                .filter(f -> !f.toString().contains("META-INF"))
                .toList();
        }
        for (final Path file : classFiles) {
            final Set<String> references = ClassReferences.of(Files.readAllBytes(file));
            final String self = root.relativize(file).toString().replace('/', '.').replace(".class", "");
            final String from = packageOf(self);
            if (!inScope(from, prefix)) {
                continue;
            }
            final Map<String, String> targets = edges.computeIfAbsent(from, p -> new TreeMap<>());
            for (final String reference : references) {
                final String to = packageOf(reference);
                if (!to.equals(from) && inScope(to, prefix)) {
                    targets.putIfAbsent(to, simpleName(self) + " -> " + reference);
                }
            }
        }
    }

    private static boolean inScope(final String pkg, final String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }

    private static String packageOf(final String className) {
        final int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static String simpleName(final String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** @return the packages the module exports to everyone, from its {@code module-info}. */
    Set<String> exported() {
        return exported;
    }

    /**
     * @param packages packages to leave out.
     * @return this graph without {@code packages} and their edges.
     */
    PackageGraph without(final Set<String> packages) {
        final PackageGraph graph = new PackageGraph();
        edges.forEach((from, targets) -> {
            if (!packages.contains(from)) {
                final Map<String, String> kept = new TreeMap<>(targets);
                kept.keySet().removeAll(packages);
                graph.edges.put(from, kept);
            }
        });
        return graph;
    }

    /** @return every package that has classes, sorted. */
    Set<String> packages() {
        return new TreeSet<>(edges.keySet());
    }

    /** @return the packages {@code pkg} depends on, each with an example pair of classes. */
    Map<String, String> dependenciesOf(final String pkg) {
        return edges.getOrDefault(pkg, Map.of());
    }

    /**
     * @return the strongly connected components with more than one package (Tarjan): each is a set of packages
     *     that depend on each other in a cycle, sorted; empty when the graph is acyclic.
     */
    List<Set<String>> cycles() {
        final Tarjan tarjan = new Tarjan();
        for (final String pkg : edges.keySet()) {
            if (!tarjan.index.containsKey(pkg)) {
                tarjan.visit(pkg);
            }
        }
        return tarjan.components;
    }

    /** @return one line per edge, {@code from -> to (example)}, for reports. */
    List<String> describe() {
        final List<String> lines = new ArrayList<>();
        edges.forEach((from, targets) -> targets.forEach((to, example) ->
            lines.add(from + " -> " + to + "   (" + example + ")")));
        return lines;
    }

    /** Tarjan's strongly connected components, recursive (package graphs are small). */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> lowLink = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        private void visit(final String pkg) {
            index.put(pkg, index.size());
            lowLink.put(pkg, index.get(pkg));
            stack.push(pkg);
            onStack.add(pkg);
            for (final String next : dependenciesOf(pkg).keySet()) {
                if (!index.containsKey(next)) {
                    visit(next);
                    lowLink.put(pkg, Math.min(lowLink.get(pkg), lowLink.get(next)));
                } else if (onStack.contains(next)) {
                    lowLink.put(pkg, Math.min(lowLink.get(pkg), index.get(next)));
                }
            }
            if (lowLink.get(pkg).equals(index.get(pkg))) {
                final Set<String> component = new TreeSet<>();
                String member;
                do {
                    member = stack.pop();
                    onStack.remove(member);
                    component.add(member);
                } while (!member.equals(pkg));
                if (component.size() > 1) {
                    components.add(component);
                }
            }
        }
    }
}
