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
 * the page open and refresh off (both include the live writer's one point per series and second). Run with
 * <pre>
 * ./mvnw -pl tsdb-server -am test -Dtest=WebUiLoadMeasurement -Dztsdb.ui.measure=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
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

    /** The share of one core this process used over the window (user + system time from /proc/self/stat). */
    private static double cpuShare(final long windowMillis) throws Exception {
        final long ticks0 = cpuTicks();
        final long t0 = System.nanoTime();
        Thread.sleep(windowMillis);
        return (cpuTicks() - ticks0) * (1e9 / CLOCK_TICKS_PER_SECOND) / (System.nanoTime() - t0);
    }

    private static long cpuTicks() throws java.io.IOException {
        final String stat = Files.readString(Path.of("/proc/self/stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
