// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every file of the UI by its path below {@code /ui/}: the files listed in {@code static/files.txt} of this
 * package, and uPlot's ES module and CSS from the {@code org.webjars.npm:uplot} WebJar as {@code vendor/...}.
 * Loaded once; a missing file fails the start, not a request.
 */
final class AssetCatalog {
    private static final String STATIC = "static/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String[] UPLOT_FILES = {"uPlot.esm.js", "uPlot.min.css"};

    private final Map<String, StaticAsset> assets;

    private AssetCatalog(final Map<String, StaticAsset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /**
     * @return the catalog read from the class path.
     * @throws IllegalStateException when a listed file is missing.
     */
    static AssetCatalog load() {
        final Map<String, StaticAsset> assets = new LinkedHashMap<>();
        final String list = new String(read(AssetCatalog.class.getResourceAsStream(STATIC + "files.txt"),
            STATIC + "files.txt"), StandardCharsets.UTF_8);
        for (final String line : list.split("\n")) {
            final String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            assets.put(name, StaticAsset.of(name, read(AssetCatalog.class.getResourceAsStream(STATIC + name),
                STATIC + name), StaticAsset.REVALIDATE));
        }
        final ClassLoader loader = AssetCatalog.class.getClassLoader();
        final String uplotDir = "META-INF/resources/webjars/uplot/" + uplotVersion(loader) + "/dist/";
        for (final String file : UPLOT_FILES) {
            assets.put("vendor/" + file, StaticAsset.of(file, read(loader.getResourceAsStream(uplotDir + file),
                uplotDir + file), StaticAsset.REVALIDATE));
        }
        return new AssetCatalog(assets);
    }

    /**
     * @param path the path below {@code /ui/} ({@code ""} is {@code index.html}).
     * @return the asset, or null.
     */
    StaticAsset get(final String path) {
        return assets.get(path.isEmpty() ? "index.html" : path);
    }

    /** @return every asset by path. */
    Map<String, StaticAsset> all() {
        return assets;
    }

    private static String uplotVersion(final ClassLoader loader) {
        final Properties pom = new Properties();
        try (InputStream in = loader.getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the class path: " + WEBJAR_POM);
            }
            pom.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(final InputStream in, final String name) {
        if (in == null) {
            throw new IllegalStateException("a file of the web UI is missing from the class path: " + name);
        }
        try (in) {
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
