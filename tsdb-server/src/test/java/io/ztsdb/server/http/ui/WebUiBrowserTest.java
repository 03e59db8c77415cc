// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web UI in headless Chromium against a real server holding 100 generated containers (an hour of history
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
    private static final String RANGE_QUERIES = "return performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(n => n.includes('/api/v1/query_range'))";

    @TempDir
    static Path dir;
    private static UiServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Browser.available(), "needs the Debian chromium and chromium-driver packages "
            + "(scripts/ensure-toolchain.sh installs them)");
        server = new UiServer(dir, CONTAINERS, 60, 5000);
        browser = new Browser(1400, 1000);
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

    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser.driver(), WAIT);
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
        waiting().until(d -> all("#containers tbody tr").size() == CONTAINERS
            && all("#containers tbody td.num").stream().noneMatch(td -> td.getText().isBlank()
            || td.getText().equals("–")));
        final List<WebElement> rows = all("#containers tbody tr");
        assertThat(rows.getFirst().findElements(By.tagName("td")).get(3).getText()).matches("[0-9.]+ %");
        assertThat(rows.getFirst().findElements(By.tagName("td")).get(5).getText()).matches("[0-9.]+ [KMG]iB");
        waiting().until(d -> (Boolean) browser.js("return [...document.querySelectorAll('canvas.spark')].every(c =>"
            + " c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0))"));
        printPaintTimes("first load");
        browser.driver().navigate().refresh();
        waiting().until(d -> all("#containers tbody tr").size() == CONTAINERS);
        printPaintTimes("reload");
        assertThat((Long) browser.js("return performance.getEntriesByType('resource')"
            + ".filter(e => e.name.includes('/api/v1/query?')).length")).as("the preloaded values' query is used")
            .isEqualTo(1L);
        waiting().until(d -> (Boolean) browser.js("return [...document.querySelectorAll('canvas.spark')].every(c =>"
            + " c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0))"));
        browser.screenshot("overview");

        one("th[data-sort='container_cpu_usage'] button").click();
        assertThat(one("th[data-sort='container_cpu_usage']").getAttribute("aria-sort")).isEqualTo("descending");
        final List<Double> cpu = all("#containers tbody tr").stream().limit(10)
            .map(tr -> Double.parseDouble(tr.findElements(By.tagName("td")).get(3).getText().replace(" %", "")))
            .toList();
        assertThat(cpu).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        final String name = server.fleet().name(7);
        one("#filter").sendKeys(name);
        waiting().until(d -> all("#containers tbody tr:not([hidden])").size() == 1);
        assertThat(one("#containers tbody tr:not([hidden]) a").getText()).isEqualTo(name);
        assertThat(browser.driver().getCurrentUrl()).contains("filter=" + name);
        one("#containers tbody tr:not([hidden]) a").click();
        waiting().until(d -> d.getCurrentUrl().contains("container.html?id=" + server.fleet().id(7)));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void shouldDrawTenChartsAndFetchWhatThePickerAndRefreshAsk() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/container.html?id=" + server.fleet().id(3) + "&range=1h");
        waitForCharts();
        assertThat(one("#title").getText()).isEqualTo("Container " + server.fleet().name(3));
        assertThat(lastRange().get("step")).isEqualTo("10");
        browser.screenshot("container");

        browser.js("performance.clearResourceTimings()");
        new Select(one("#range")).selectByValue("5m");
        waiting().until(d -> !rangeQueries().isEmpty());
        Map<String, String> query = lastRange();
        assertThat(query.get("step")).isEqualTo("1");
        assertThat(span(query)).isBetween(290.0, 301.0);
        assertThat(query.get("query")).contains("container_id=\"" + server.fleet().id(3) + "\"");
        waitForCharts();
        assertThat(browser.driver().getCurrentUrl()).contains("range=5m");

        browser.js("performance.clearResourceTimings()");
        new Select(one("#range")).selectByValue("6h");
        waiting().until(d -> !rangeQueries().isEmpty());
        assertThat(lastRange().get("step")).isEqualTo("60");
        assertThat(span(lastRange())).isBetween(21_500.0, 21_601.0);

        // Live refresh at 1 s over the last 5 minutes: only the seconds after the last point are fetched.
        new Select(one("#range")).selectByValue("5m");
        waiting().until(d -> one("#status").getText().contains("at a step of 1s"));
        browser.js("performance.clearResourceTimings()");
        new Select(one("#refresh")).selectByValue("1");
        waiting().until(d -> rangeQueries().size() >= 3);
        for (final String url : rangeQueries()) {
            assertThat(span(parameters(url))).as(url).isLessThan(5.0);
        }
        final int before = Integer.parseInt(one(".chart[data-metric='container_cpu_usage']").getAttribute(
            "data-points"));
        assertThat(before).isBetween(250, 302);
        new Select(one("#refresh")).selectByValue("0");
        Thread.sleep(300);
        browser.js("performance.clearResourceTimings()");
        Thread.sleep(2500);
        assertThat(rangeQueries()).as("no refresh when off").isEmpty();

        // Dragging across a chart zooms all of them into that window.
        final WebElement over = one(".chart[data-metric='container_memory_bytes'] .u-over");
        new Actions(browser.driver()).moveToElement(over, -over.getSize().getWidth() / 4, 0).clickAndHold()
            .moveByOffset(over.getSize().getWidth() / 3, 0).release().perform();
        waiting().until(d -> "custom".equals(new Select(one("#range")).getFirstSelectedOption()
            .getAttribute("value")) && !rangeQueries().isEmpty());
        assertThat(span(lastRange())).isBetween(30.0, 200.0);
        waitForCharts();
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void shouldRunQueriesSuggestNamesAndShowErrors() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/explore.html");
        final WebElement input = one("#query");
        input.clear();
        input.sendKeys("container_mem");
        waiting().until(d -> one("#suggestions").isDisplayed()
            && one("#suggestions").getText().contains("container_memory_bytes"));
        input.sendKeys(Keys.ENTER);
        assertThat(input.getAttribute("value")).isEqualTo("container_memory_bytes");
        input.sendKeys("{runtime=\"");
        waiting().until(d -> one("#suggestions").isDisplayed() && one("#suggestions").getText().contains("podman"));
        input.sendKeys("pod", Keys.ENTER, "\"}");
        assertThat(input.getAttribute("value")).isEqualTo("container_memory_bytes{runtime=\"podman\"}");
        one("#run").click();
        final long podman = java.util.stream.IntStream.range(0, CONTAINERS).filter(c -> c % 3 == 2).count();
        waiting().until(d -> all("#result-table tbody tr").size() == podman);
        waiting().until(d -> Integer.parseInt(one("#chart").getAttribute("data-points")) > 0);
        assertThat(browser.driver().getCurrentUrl()).contains("q=container_memory_bytes");

        input.clear();
        input.sendKeys("sum by (runtime) (container_cpu_usage)", Keys.ENTER);
        waiting().until(d -> all("#result-table tbody tr").size() == 3 && all("#legend li").size() == 3);
        assertThat(one("#error").getText()).isEmpty();
        browser.screenshot("explorer");

        final String shared = browser.driver().getCurrentUrl();
        browser.driver().get(shared);
        waiting().until(d -> all("#legend li").size() == 3);
        assertThat(one("#query").getAttribute("value")).isEqualTo("sum by (runtime) (container_cpu_usage)");

        one("#query").clear();
        one("#query").sendKeys("sum(container_cpu_usage", Keys.ENTER);
        waiting().until(d -> !one("#error").getText().isEmpty());
        assertThat(one("#error").getText()).startsWith("bad_data: ").contains("parse error");
        assertThat(all("#result-table tbody tr")).isEmpty();
        browser.screenshot("explorer-error");
        assertThat(browser.consoleErrors()).as("only the refused queries").allMatch(m -> m.contains("status of 400"))
            .hasSize(2);
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void shouldShowTheServersStatistics() throws Exception {
        browser.driver().get(server.baseUrl() + "/ui/server.html");
        waiting().until(d -> all("#cards dd").size() >= 10);
        assertThat(one("#cards dd[data-stat='series']").getText())
            .isEqualTo(String.valueOf(CONTAINERS * io.ztsdb.ebpf.MetricNames.PER_CONTAINER.size()));
        assertThat(one("#cards dd[data-stat='connections']").getText()).isEqualTo("1");
        waiting().until(d -> Integer.parseInt(one(".chart[data-stat='series']").getAttribute("data-points")) >= 2);
        assertThat(Double.parseDouble(one("#cards dd[data-stat='ingest_rate_points_per_second']").getText()))
            .isPositive();
        browser.screenshot("server");
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
        waiting().until(d -> {
            final List<WebElement> charts = all(".chart[data-metric]");
            return charts.size() == 10 && charts.stream().allMatch(c -> c.getAttribute("data-points") != null
                && Integer.parseInt(c.getAttribute("data-points")) > 0 && !c.findElements(By.tagName("canvas"))
                .isEmpty());
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> rangeQueries() {
        return (List<String>) browser.js(RANGE_QUERIES);
    }

    private static Map<String, String> lastRange() {
        final List<String> urls = rangeQueries();
        return parameters(urls.getLast());
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
