// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in headless Chromium against a real server holding 100 generated containers (15 minutes of history
 * plus a point per series and second through the binary protocol): the overview lists them with numbers and
 * sparklines, sorts and filters; the container page draws its 10 charts, the time picker, auto-refresh and a drag
 * zoom change what is fetched (read from the browser's resource timings); the explorer runs queries, suggests
 * names and shows the API's error; the server page shows /stats. No console errors anywhere (but the 400s of the
 * query that is meant to fail). Screenshots go to target/ui-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    private static final int CONTAINERS = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RANGE_QUERIES = "return performance.getEntriesByType('resource')"
        + ".filter(e => e.startTime > arguments[0] && e.name.includes('/api/v1/query_range')).map(e => e.name)";

    /** The page's files, the Prometheus query API's documented calls and /stats (docs/ui.md, docs/prometheus.md). */
    private static final java.util.regex.Pattern DOCUMENTED = java.util.regex.Pattern.compile(
        "/ui/[a-zA-Z0-9./_-]+|/api/v1/(query|query_range|labels|series|label/[a-zA-Z_][a-zA-Z0-9_]*/values)|/stats");

    @TempDir
    static Path dir;
    private static UiServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.startOrSkip(1400, 1000);
        server = new UiServer(dir, CONTAINERS, 15, 5000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @RegisterExtension
    final TestWatcher diagnostics = new TestWatcher() {
        @Override
        public void testFailed(final ExtensionContext context, final Throwable cause) {
            if (browser != null) {
                System.out.println(context.getDisplayName() + " failed; the browser:\n" + browser.diagnostics());
            }
        }
    };

    @AfterEach
    void noConsoleErrorsAndOnlyDocumentedCalls() {
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        @SuppressWarnings("unchecked")
        final List<String> paths = (List<String>) browser.js("return performance.getEntriesByType('resource')"
            + ".map(e => new URL(e.name).pathname)");
        assertThat(paths).as("the page's requests: its own files and the documented API").allMatch(path ->
            DOCUMENTED.matcher(path).matches());
    }

    /**
     * Waits for a condition of the page (polling, up to {@link #WAIT}); a timeout fails with what was awaited, the
     * page's console and its last requests.
     */
    private static void waitFor(final String what, final Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser.driver(), WAIT).until(condition);
        } catch (final TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "\n" + browser.diagnostics(),
                e);
        }
    }

    private static List<WebElement> all(final String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    private static WebElement one(final String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void shouldListEveryContainerWithNumbersAndSparklines() throws Exception {
        browser.driver().get(server.baseUrl() + "/");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(server.baseUrl() + "/ui/");
        waitFor(CONTAINERS + " rows with every number filled", d -> all("#containers tbody tr").size() == CONTAINERS
            && all("#containers tbody td.num").stream().noneMatch(td -> td.getText().isBlank()
            || td.getText().equals("–")));
        final List<String> first = firstRowTexts(3, 5);
        assertThat(first.get(0)).matches("[0-9.]+ %");
        assertThat(first.get(1)).matches("[0-9.]+ [KMG]iB");
        waitFor("every sparkline drawn", d -> sparklinesDrawn());
        printPaintTimes("first load");
        browser.driver().navigate().refresh();
        waitFor(CONTAINERS + " rows after a reload", d -> all("#containers tbody tr").size() == CONTAINERS);
        printPaintTimes("reload");
        assertThat((Long) browser.js("return performance.getEntriesByType('resource')"
            + ".filter(e => e.name.includes('/api/v1/query?')).length")).as("the preloaded values' query is used")
            .isEqualTo(1L);
        waitFor("every sparkline drawn after the reload", d -> sparklinesDrawn());
        browser.screenshot("overview");

        one("th[data-sort='container_cpu_usage'] button").click();
        assertThat(one("th[data-sort='container_cpu_usage']").getAttribute("aria-sort")).isEqualTo("descending");
        final List<Double> cpu = columnTexts(3, 10).stream().map(t -> Double.parseDouble(t.replace(" %", "")))
            .toList();
        assertThat(cpu).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        final String name = server.fleet().name(7);
        one("#filter").sendKeys(name);
        waitFor("the filter to leave one row", d -> all("#containers tbody tr:not([hidden])").size() == 1);
        assertThat(one("#containers tbody tr:not([hidden]) a").getText()).isEqualTo(name);
        assertThat(browser.driver().getCurrentUrl()).contains("filter=" + name);
        one("#containers tbody tr:not([hidden]) a").click();
        waitFor("the container page", d -> d.getCurrentUrl().contains("container.html?id=" + server.fleet().id(7)));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void shouldDrawTenChartsAndFetchWhatThePickerAndRefreshAsk() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/container.html?id=" + server.fleet().id(3) + "&range=1h");
        waitForCharts();
        assertThat(one("#title").getText()).isEqualTo("Container " + server.fleet().name(3));
        assertThat(lastRange(0).get("step")).isEqualTo("10");
        browser.screenshot("container");

        double mark = pageTime();
        new Select(one("#range")).selectByValue("5m");
        final double fiveMinutes = mark;
        waitFor("a range query for the last 5 minutes", d -> !rangeQueriesSince(fiveMinutes).isEmpty());
        final Map<String, String> query = lastRange(mark);
        assertThat(query.get("step")).isEqualTo("1");
        assertThat(span(query)).isBetween(290.0, 301.0);
        assertThat(query.get("query")).contains("container_id=\"" + server.fleet().id(3) + "\"");
        waitForCharts();
        assertThat(browser.driver().getCurrentUrl()).contains("range=5m");

        mark = pageTime();
        new Select(one("#range")).selectByValue("6h");
        final double sixHours = mark;
        waitFor("a range query for the last 6 hours", d -> !rangeQueriesSince(sixHours).isEmpty());
        assertThat(lastRange(mark).get("step")).isEqualTo("60");
        assertThat(span(lastRange(mark))).isBetween(21_500.0, 21_601.0);

        // Live refresh at 1 s over the last 5 minutes: only the steps after the last point held are fetched (a
        // few seconds; the bound leaves room for a slow machine, a whole range would be 300 s).
        new Select(one("#range")).selectByValue("5m");
        waitFor("the 5 minutes at a step of 1 s", d -> one("#status").getText().contains("at a step of 1s"));
        final double live = pageTime();
        new Select(one("#refresh")).selectByValue("1");
        waitFor("three refreshes", d -> rangeQueriesSince(live).size() >= 3);
        for (final String url : rangeQueriesSince(live)) {
            assertThat(span(parameters(url))).as(url).isLessThan(60.0);
        }
        final int before = Integer.parseInt(one(".chart[data-metric='container_cpu_usage']").getAttribute(
            "data-points"));
        assertThat(before).isBetween(250, 302);
        new Select(one("#refresh")).selectByValue("0");
        // Off: no query starts after the choice in the next 2.5 s (a timer of the page, so it runs after any
        // refresh that would still be due; a request already running when refresh went off may still end).
        assertThat(browser.driver().executeAsyncScript("const [done, off] = [arguments[arguments.length - 1],"
            + " performance.now()]; setTimeout(() => done(performance.getEntriesByType('resource').filter(e =>"
            + " e.startTime > off && e.name.includes('/api/v1/query_range')).map(e => e.name)), 2500)"))
            .as("no refresh when off").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();

        // Dragging across a chart zooms all of them into that window.
        final WebElement over = one(".chart[data-metric='container_memory_bytes'] .u-over");
        final double drag = pageTime();
        new Actions(browser.driver()).moveToElement(over, -over.getSize().getWidth() / 4, 0).clickAndHold()
            .moveByOffset(over.getSize().getWidth() / 3, 0).release().perform();
        waitFor("the custom range of the drag and its query", d -> "custom".equals(new Select(one("#range"))
            .getFirstSelectedOption().getAttribute("value")) && !rangeQueriesSince(drag).isEmpty());
        assertThat(span(lastRange(drag))).isBetween(30.0, 200.0);
        waitForCharts();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void shouldRunQueriesSuggestNamesAndShowErrors() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/explore.html");
        waitFor("the query box to have the focus", d -> "query".equals(browser.js("return document.activeElement.id")));
        final WebElement input = one("#query");

        // The metric names cannot be fetched (the browser blocks the request): no list, and the failure is not
        // kept, so the next keystroke asks again and suggests.
        blockMetricNames(true);
        input.clear();
        input.sendKeys("container_mem");
        waitFor("the blocked request for the metric names to fail", d -> nameRequests(0) > 0);
        assertThat(one("#suggestions").isDisplayed()).as("suggestions without names").isFalse();
        blockMetricNames(false);
        input.sendKeys("o");
        waitFor("container_memory_bytes suggested after the failed request", d -> one("#suggestions").isDisplayed()
            && one("#suggestions").getText().contains("container_memory_bytes"));

        // The focus leaving the box and coming back (WebDriver's clear() does that) closes the list at once; a list
        // opened after the return stays open (a page timer runs the check after any other timer the blur started).
        assertThat(browser.driver().executeAsyncScript("const [q, done] = arguments; q.blur(); q.focus();"
            + " q.value = 'container_mem'; q.setSelectionRange(13, 13); q.dispatchEvent(new Event('input'));"
            + " setTimeout(() => done(document.getElementById('suggestions').hidden), 500)", input))
            .as("the list hidden half a second after the focus came back and a keystroke opened it").isEqualTo(false);
        input.sendKeys(Keys.ENTER);
        assertThat(input.getAttribute("value")).isEqualTo("container_memory_bytes");
        input.sendKeys("{runtime=\"");
        waitFor("podman suggested as a runtime", d -> one("#suggestions").isDisplayed()
            && one("#suggestions").getText().contains("podman"));
        input.sendKeys("pod", Keys.ENTER, "\"}");
        assertThat(input.getAttribute("value")).isEqualTo("container_memory_bytes{runtime=\"podman\"}");
        one("#run").click();
        final long podman = java.util.stream.IntStream.range(0, CONTAINERS).filter(c -> c % 3 == 2).count();
        waitFor(podman + " podman rows in the table", d -> all("#result-table tbody tr").size() == podman);
        waitFor("points in the chart", d -> Integer.parseInt(one("#chart").getAttribute("data-points")) > 0);
        assertThat(browser.driver().getCurrentUrl()).contains("q=container_memory_bytes");

        input.clear();
        input.sendKeys("sum by (runtime) (container_cpu_usage)", Keys.ENTER);
        waitFor("3 rows and 3 legend entries of the sum by runtime", d -> all("#result-table tbody tr").size() == 3
            && all("#legend li").size() == 3);
        assertThat(one("#error").getText()).isEmpty();
        browser.screenshot("explorer");

        final String shared = browser.driver().getCurrentUrl();
        browser.driver().get(shared);
        waitFor("3 legend entries from the shared URL", d -> all("#legend li").size() == 3);
        assertThat(one("#query").getAttribute("value")).isEqualTo("sum by (runtime) (container_cpu_usage)");

        one("#query").clear();
        one("#query").sendKeys("sum(container_cpu_usage", Keys.ENTER);
        waitFor("the error of the bad query", d -> !one("#error").getText().isEmpty());
        assertThat(one("#error").getText()).startsWith("bad_data: ").contains("parse error");
        assertThat(all("#result-table tbody tr")).isEmpty();
        browser.screenshot("explorer-error");
        assertThat(nameRequests(200)).as("requests for the metric names answered").isEqualTo(1);
        assertThat(browser.consoleErrors()).as("only the refused queries").allMatch(m -> m.contains("status of 400"))
            .hasSize(2);
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void shouldShowTheServersStatistics() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/server.html");
        waitFor("10 statistics cards", d -> all("#cards dd").size() >= 10);
        assertThat(one("#cards dd[data-stat='series']").getText())
            .isEqualTo(String.valueOf(CONTAINERS * io.ztsdb.ebpf.MetricNames.PER_CONTAINER.size()));
        assertThat(one("#cards dd[data-stat='connections']").getText()).isEqualTo("1");
        waitFor("2 points in the series chart", d -> Integer.parseInt(one(".chart[data-stat='series']")
            .getAttribute("data-points")) >= 2);
        assertThat(Double.parseDouble(one("#cards dd[data-stat='ingest_rate_points_per_second']").getText()))
            .isPositive();
        browser.screenshot("server");
    }

    /** Blocks (or unblocks) the page's requests for the metric names in the browser, as a network failure. */
    private static void blockMetricNames(final boolean block) {
        browser.driver().executeCdpCommand("Network.enable", Map.of());
        browser.driver().executeCdpCommand("Network.setBlockedURLs",
            Map.of("urls", block ? List.of("*/api/v1/label/__name__/values*") : List.of()));
    }

    /** How many requests for the metric names the page made that ended with the status (0: failed). */
    private static long nameRequests(final int status) {
        return (Long) browser.js("return performance.getEntriesByType('resource').filter(e =>"
            + " e.name.includes('/api/v1/label/__name__/values') && e.responseStatus === arguments[0]).length",
            status);
    }

    private static boolean sparklinesDrawn() {
        return (Boolean) browser.js("return [...document.querySelectorAll('canvas.spark')].every(c =>"
            + " c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0))");
    }

    /** The texts of cells of the overview's rows, read at one moment (a refresh may redraw between reads). */
    @SuppressWarnings("unchecked")
    private static List<String> columnTexts(final int column, final int rows) {
        return (List<String>) browser.js("return [...document.querySelectorAll('#containers tbody tr')]"
            + ".slice(0, arguments[1]).map(tr => tr.children[arguments[0]].textContent)", column, rows);
    }

    /** The texts of the first row's cells at the given columns. */
    private static List<String> firstRowTexts(final int... columns) {
        final List<String> texts = new ArrayList<>();
        for (final int column : columns) {
            texts.add(columnTexts(column, 1).getFirst());
        }
        return texts;
    }

    /** Prints when the page first painted and when the table with data was drawn (the browser's timings). */
    static String printPaintTimes(final String what) {
        final Object times = browser.js("const m = performance.getEntriesByName('ztsdb:overview-rendered')[0];"
            + " const p = performance.getEntriesByName('first-contentful-paint')[0];"
            + " return 'table drawn at ' + (m ? Math.round(m.startTime) : -1) + ' ms, first contentful paint at '"
            + " + (p ? Math.round(p.startTime) : -1) + ' ms'");
        System.out.println("overview with " + CONTAINERS + " containers, " + what + ": " + times);
        return String.valueOf(times);
    }

    private static void waitForCharts() {
        waitFor("10 charts with points", d -> {
            final List<WebElement> charts = all(".chart[data-metric]");
            return charts.size() == 10 && charts.stream().allMatch(c -> c.getAttribute("data-points") != null
                && Integer.parseInt(c.getAttribute("data-points")) > 0 && !c.findElements(By.tagName("canvas"))
                .isEmpty());
        });
    }

    /**
     * Milliseconds since the page loaded, the clock of its resource timings (whose buffer this raises from 250
     * entries, so a long-lived page keeps recording its requests).
     */
    private static double pageTime() {
        return ((Number) browser.js("performance.setResourceTimingBufferSize(10000); return performance.now()"))
            .doubleValue();
    }

    /** The range queries the page started after the page time {@code mark}, in start order. */
    @SuppressWarnings("unchecked")
    private static List<String> rangeQueriesSince(final double mark) {
        return (List<String>) browser.js(RANGE_QUERIES, mark);
    }

    private static Map<String, String> lastRange(final double mark) {
        return parameters(rangeQueriesSince(mark).getLast());
    }

    private static double span(final Map<String, String> query) {
        return Double.parseDouble(query.get("end")) - Double.parseDouble(query.get("start"));
    }

    private static Map<String, String> parameters(final String url) {
        final Map<String, String> map = new HashMap<>();
        for (final String pair : URI.create(url).getRawQuery().split("&")) {
            final int eq = pair.indexOf('=');
            map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return map;
    }
}
