// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.ui;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Headless Debian Chromium driven through the Debian chromedriver (no driver download: Selenium Manager is never
 * asked), with the browser console kept for {@link #consoleErrors()} and {@link #diagnostics()}.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int CONSOLE_KEPT = 200;
    private static final String REQUESTS = "return performance.getEntriesByType('resource').slice(-arguments[0])"
        + ".map(e => Math.round(e.startTime) + '-' + Math.round(e.responseEnd) + ' ms ' + e.responseStatus + ' '"
        + " + e.name.replace(location.origin, ''))";

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> console = new ArrayList<>();

    Browser(final int width, final int height) throws IOException {
        profile = Files.createTempDirectory("ztsdb-ui-chromium");
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-extensions", "--no-first-run", "--user-data-dir=" + profile,
            "--window-size=" + width + "," + height);
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    /**
     * Starts the browser for a test class, or skips the class with the reason: the Debian packages are missing
     * (scripts/ensure-toolchain.sh installs them as root), or Chromium cannot start here (the driver's words).
     */
    static Browser startOrSkip(final int width, final int height) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "needs "
            + CHROMIUM + " and " + CHROMEDRIVER + " (Debian chromium and chromium-driver; scripts/ensure-toolchain.sh"
            + " installs them as root)");
        try {
            return new Browser(width, height);
        } catch (final SessionNotCreatedException e) {
            Assumptions.abort("headless Chromium cannot start on this machine: " + e.getRawMessage());
            throw e; // not reached
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    Object js(final String script, final Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Console messages at SEVERE since the last call (uncaught errors, failed requests, CSP violations). */
    List<String> consoleErrors() {
        final List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        for (final LogEntry e : entries) {
            console.add(e.getTimestamp() % 100_000 + " " + e.getLevel() + " " + e.getMessage());
        }
        if (console.size() > CONSOLE_KEPT) {
            console.subList(0, console.size() - CONSOLE_KEPT).clear();
        }
        return entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage).toList();
    }

    /**
     * What a failure message needs: the page's address, its console (every level, also what {@link #consoleErrors}
     * returned before) and its last requests as the browser's resource timings have them (start-end in ms since
     * the page loaded, HTTP status, 0 for a request that failed or is still running).
     */
    String diagnostics() {
        try {
            consoleErrors();
            return "page " + driver.getCurrentUrl() + "\nconsole (ms, level, message):\n  "
                + String.join("\n  ", console) + "\nlast requests of the page:\n  "
                + String.join("\n  ", ((List<?>) js(REQUESTS, 60)).stream().map(String::valueOf).toList());
        } catch (final RuntimeException e) {
            return "no diagnostics from the browser: " + e;
        }
    }

    /** Saves a screenshot of the window as target/ui-screenshots/NAME.png. */
    Path screenshot(final String name) throws IOException {
        final File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        final Path target = Path.of("target", "ui-screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
