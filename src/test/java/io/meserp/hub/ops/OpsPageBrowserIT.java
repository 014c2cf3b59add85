package io.meserp.hub.ops;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;

import io.meserp.hub.support.HubTestSupport;
import io.meserp.hub.support.Plant1000Csv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops page in real headless Chromium (Debian's chromium and chromium-driver): log in, look at the KPIs, find an
 * order, fix and replay its exception and see it booked, run a reconciliation. Screenshots of each view go to
 * target/ops-screenshots (docs/images has the ones in the documentation). Without Chromium the test is skipped,
 * except on CI (CI=true), where .ci/run installs it and the test must run.
 */
class OpsPageBrowserIT extends HubTestSupport {

    private static final Path DATA = newDataDir();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target/ops-screenshots");
    private static final LocalDateTime DAY = LocalDateTime.of(2026, 10, 20, 7, 0);

    private static WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        hubProperties(registry, DATA);
    }

    @BeforeAll
    static void chromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + DRIVER + " is missing: .ci/run installs"
                    + " Debian's chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present, "Skipped: no " + CHROMIUM + " and " + DRIVER
                + " (apt-get install chromium chromium-driver to run the ops page browser test)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Override
    protected Path dataDir() {
        return DATA;
    }

    @Test
    void supportLogsInFindsAnOrderReplaysItsExceptionAndSeesItBooked() throws IOException {
        erp.createOrder("4400001", true);
        Plant1000Csv csv = new Plant1000Csv();
        csv.add("4400001", "0010", "ASSY-01", new BigDecimal("25"), BigDecimal.ZERO, DAY, DAY.plusMinutes(30));
        csv.add("4400001", "0040", "ASSY-01", new BigDecimal("12"), BigDecimal.ZERO, DAY.plusHours(1), DAY.plusHours(1).plusMinutes(20));
        drop("plant-1000", "browser.csv", csv.bytes());
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> erp.count() == 1 && inFlight() == 0
                && jdbc.queryForObject("SELECT COUNT(*) FROM hub_exception WHERE order_no = '4400001'", Long.class) == 1);

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("http://localhost:" + port + "/ops");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys("operator");
        browser.findElement(By.name("password")).sendKeys("operator");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user"), "operator"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kpi-tiles .tile")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("latency-svg")));
        assertThat(browser.findElement(By.id("kpi-open")).getText()).contains("1");
        screenshot("overview");

        // find the order: its timeline shows the booking and the refusal
        browser.findElement(By.id("nav-order")).click();
        browser.findElement(By.id("order-input")).sendKeys("4400001");
        browser.findElement(By.id("order-search")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-order"), "4400001"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "exception"));
        assertThat(browser.findElement(By.id("order-events")).getText()).contains("POSTED", "EXCEPTION");
        screenshot("order-trace");

        // the exception: fix the operation in the payload and replay it
        browser.findElement(By.id("nav-exceptions")).click();
        browser.findElement(By.id("ex-order")).sendKeys("4400001");
        browser.findElement(By.id("ex-search")).click();
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#exception-list tr[data-exception-id]")));
        assertThat(row.getText()).contains("RU/103");
        row.click();
        WebElement payload = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("exd-payload")));
        String fixed = payload.getAttribute("value").replace("\"0040\"", "\"0010\"");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", payload, fixed);
        screenshot("exception");
        browser.findElement(By.id("exd-replay")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "replayed"));
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> erp.count() == 2 && inFlight() == 0);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("exd-history"), "replay"));
        assertThat(browser.findElement(By.id("exd-history")).getText()).contains("fix", "replay", "operator");

        // and the order's trace now shows it booked
        browser.findElement(By.id("nav-order")).click();
        browser.findElement(By.id("order-search")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "exception-replay"));
        assertThat(browser.findElement(By.id("order-events")).getText()).doesNotContain("EXCEPTION");

        // reconciliation of the shift the events belong to
        browser.findElement(By.id("nav-reconciliation")).click();
        browser.findElement(By.id("rc-plant")).sendKeys("plant-1000");
        browser.findElement(By.id("rc-shift")).sendKeys("early");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('rc-date').value = '2026-10-20';");
        browser.findElement(By.id("rc-run")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recon-report")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rr-totals"), "4400001"));
        screenshot("reconciliation");

        // an integration engineer tries plant 1000's mapping on a sample of JSON records: events and refusals, nothing queued
        // (confirmations only: the release poll records order versions of its own meanwhile)
        long events = jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE flow = 'confirmation'", Long.class);
        browser.findElement(By.id("nav-preview")).click();
        browser.findElement(By.id("pv-plant")).sendKeys("plant-1000");
        browser.findElement(By.id("pv-file")).sendKeys(java.nio.file.Path.of(
                "mappings/plants/plant-1000/samples/rueckmeldungen-linie3.json").toAbsolutePath().toString());
        browser.findElement(By.id("pv-run")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("pv-summary"), "4 records, 2 events, 2 refusals"));
        assertThat(browser.findElement(By.id("pv-summary")).getText()).startsWith("CSV *.json -> confirmation");
        assertThat(browser.findElement(By.id("pv-refused")).getText()).contains("record 3 (line 6)", "'Schicht'",
                "record 4 (line 8)", "nested JSON object");
        assertThat(browser.findElement(By.id("pv-events")).getText()).contains("1000001", "1000002", "1250.5");
        screenshot("preview");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE flow = 'confirmation'", Long.class))
                .isEqualTo(events);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SHOTS.resolve("ops-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
