// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The speed figures for the UI, measured, not asserted (a shared machine makes timings unfit for a pass
 * or fail; docs/benchmarks.md has the figures with the load average): the overview's first paint with 100
 * containers from the browser's own timings (median of reloads of a warm server), and the server's CPU for the
 * overview refreshing every second, as the process CPU time with the page refreshing minus the same time with
 * the page open and refresh off (both include the live writer's one point per series and second); and for 200
 * containers refreshing every second, the page's own work per refresh, long tasks and frame gaps. Run with
 * <pre>
 * ./mvnw -pl tsdb-server -am test -Dtest=WebUiLoadMeasurement -Dztsdb.ui.measure=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * (one method alone: {@code -Dtest='WebUiLoadMeasurement#measureTwoHundred*'}).
 */
@EnabledIfSystemProperty(named = "ztsdb.ui.measure", matches = "true",
    disabledReason = "a measurement for docs/benchmarks.md, not a test: -Dztsdb.ui.measure=true runs it")
class WebUiLoadMeasurement {
    private static final int CONTAINERS = 100;
    private static final int RELOADS = 7;
    private static final long WINDOW_MILLIS = 60_000;
    /** USER_HZ: 100 on every Linux architecture ztsdb runs on. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    @TempDir
    Path dir;

    @Test
    void measureFirstPaintAndRefreshCost() throws Exception {
        try (UiServer server = new UiServer(dir, CONTAINERS, 60, 5000); Browser browser = new Browser(1400, 1000)) {
            final WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(30));
            final List<Double> drawn = new ArrayList<>();
            final List<Double> painted = new ArrayList<>();
            browser.driver().get(server.baseUrl() + "/ui/?refresh=0");
            for (int i = 0; i < RELOADS + 2; i++) {
                browser.driver().navigate().refresh();
                wait.until(d -> d.findElements(By.cssSelector("#containers tbody tr")).size() == CONTAINERS);
                wait.until(d -> browser.js("return performance.getEntriesByName('ztsdb:overview-rendered').length")
                    .equals(1L));
                if (i >= 2) {
                    drawn.add(((Number) browser.js("return performance.getEntriesByName("
                        + "'ztsdb:overview-rendered')[0].startTime")).doubleValue());
                    painted.add(((Number) browser.js("return performance.getEntriesByName("
                        + "'first-contentful-paint')[0].startTime")).doubleValue());
                }
            }
            final long weight = ((Number) browser.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/ui/')).concat(performance.getEntriesByType('navigation'))"
                + ".reduce((n, e) => n + e.encodedBodySize, 0)")).longValue();
            System.out.println("web UI, last reload of the overview, resources (start, end ms): " + browser.js(
                "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                + ".map(e => e.name.replace(/^.*\\/(ui|api)\\//, '').slice(0, 40) + ' ' + Math.round(e.startTime)"
                + " + '-' + Math.round(e.responseEnd) + ' ' + e.encodedBodySize + 'B').join('; ')"));

            // Refresh off, then every second: the difference of the process CPU time is the refresh's cost.
            final double idle = cpuShare(WINDOW_MILLIS);
            browser.driver().get(server.baseUrl() + "/ui/?refresh=1");
            wait.until(d -> d.findElements(By.cssSelector("#containers tbody tr")).size() == CONTAINERS);
            Thread.sleep(15_000);
            final double refreshing = cpuShare(WINDOW_MILLIS);
            final String load = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.printf("web UI, %d containers: overview table drawn median %.0f ms (min %.0f), first "
                    + "contentful paint median %.0f ms (min %.0f) over %d reloads; overview page's files %d bytes "
                    + "as sent (gzip); server process CPU %.1f %% of a core with the overview refreshing every "
                    + "second, %.1f %% with refresh off: refresh cost %.1f %% of a core (%d s windows); "
                    + "load average %s%n",
                CONTAINERS, median(drawn), Collections.min(drawn), median(painted), Collections.min(painted),
                RELOADS, weight, refreshing * 100, idle * 100, (refreshing - idle) * 100, WINDOW_MILLIS / 1000, load);
        }
    }

    /**
     * The overview with 200 containers refreshing every second for a minute: how long each refresh's table update
     * and sparkline drawing take (the page's user timings), the main thread's long tasks (over 50 ms, the
     * browser's PerformanceObserver) and the gaps between animation frames (a gap over 50 ms is a visible stutter).
     */
    @Test
    void measureTwoHundredContainersRefreshingEverySecond() throws Exception {
        final int containers = 200;
        try (UiServer server = new UiServer(dir, containers, 10, 5000); Browser browser = new Browser(1400, 1000)) {
            final WebDriverWait wait = new WebDriverWait(browser.driver(), Duration.ofSeconds(60));
            browser.driver().get(server.baseUrl() + "/ui/?refresh=1");
            wait.until(d -> d.findElements(By.cssSelector("#containers tbody tr")).size() == containers);
            final Object firstPaint = browser.js("return Math.round(performance.getEntriesByName("
                + "'ztsdb:overview-rendered')[0].startTime)");
            browser.js("window.ztsdbMeasured = {table: [], sparks: [], longTasks: [], frameGaps: []};"
                + " const m = window.ztsdbMeasured;"
                + " new PerformanceObserver(l => l.getEntries().forEach(e => m.longTasks.push(e.duration)))"
                + ".observe({type: 'longtask'});"
                + " new PerformanceObserver(l => l.getEntries().forEach(e => (e.name === 'ztsdb:overview-table'"
                + " ? m.table : m.sparks).push(e.duration))).observe({type: 'measure'});"
                + " let last = performance.now(); const frame = t => { m.frameGaps.push(t - last); last = t;"
                + " requestAnimationFrame(frame); }; requestAnimationFrame(frame);");
            final long browserTicks0 = browserTicks(false);
            final long rendererTicks0 = browserTicks(true);
            final long t0 = System.nanoTime();
            Thread.sleep(WINDOW_MILLIS);
            final double seconds = (System.nanoTime() - t0) / 1e9;
            final double browserShare = (browserTicks(false) - browserTicks0) / CLOCK_TICKS_PER_SECOND / seconds;
            final double rendererShare = (browserTicks(true) - rendererTicks0) / CLOCK_TICKS_PER_SECOND / seconds;
            @SuppressWarnings("unchecked")
            final java.util.Map<String, List<Number>> measured = (java.util.Map<String, List<Number>>) browser.js(
                "return window.ztsdbMeasured");
            final List<Double> table = doubles(measured.get("table"));
            final List<Double> sparks = doubles(measured.get("sparks"));
            final List<Double> longTasks = doubles(measured.get("longTasks"));
            final List<Double> gaps = doubles(measured.get("frameGaps"));
            final String load = Files.readString(Path.of("/proc/loadavg")).strip();
            System.out.printf("web UI, %d containers, overview refreshing every second for %d s: table drawn first at"
                    + " %s ms; %d refreshes, table update median %.1f ms (p95 %.1f, max %.1f), sparklines median %.1f"
                    + " ms (max %.1f); %d long tasks (> 50 ms), longest %.0f ms, %.0f ms in all; %d frames, %d gaps"
                    + " over 50 ms, longest gap %.0f ms; Chromium CPU %.1f %% of a core (its renderer %.1f %%);"
                    + " load average %s%n",
                containers, WINDOW_MILLIS / 1000, firstPaint, table.size(), quantile(table, 0.5),
                quantile(table, 0.95), Collections.max(table), quantile(sparks, 0.5), Collections.max(sparks),
                longTasks.size(), longTasks.isEmpty() ? 0 : Collections.max(longTasks),
                longTasks.stream().mapToDouble(Double::doubleValue).sum(), gaps.size(),
                gaps.stream().filter(g -> g > 50).count(), Collections.max(gaps), browserShare * 100,
                rendererShare * 100, load);
        }
    }

    /** CPU ticks of the browser's processes (descendants of this JVM through chromedriver), or its renderers'. */
    private static long browserTicks(final boolean renderersOnly) {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").contains("chrom"))
            .mapToLong(p -> {
                final Path proc = Path.of("/proc", String.valueOf(p.pid()));
                try {
                    return !renderersOnly || Files.readString(proc.resolve("cmdline")).contains("--type=renderer")
                        ? cpuTicks(proc.resolve("stat")) : 0;
                } catch (final java.io.IOException e) {
                    return 0; // ended meanwhile
                }
            }).sum();
    }

    private static List<Double> doubles(final List<Number> values) {
        return values.stream().map(Number::doubleValue).toList();
    }

    private static double quantile(final List<Double> values, final double q) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    /** The share of one core this process used over the window (user + system time from /proc/self/stat). */
    private static double cpuShare(final long windowMillis) throws Exception {
        final long ticks0 = cpuTicks();
        final long t0 = System.nanoTime();
        Thread.sleep(windowMillis);
        return (cpuTicks() - ticks0) * (1e9 / CLOCK_TICKS_PER_SECOND) / (System.nanoTime() - t0);
    }

    private static long cpuTicks() throws java.io.IOException {
        return cpuTicks(Path.of("/proc/self/stat"));
    }

    private static long cpuTicks(final Path statFile) throws java.io.IOException {
        final String stat = Files.readString(statFile);
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
