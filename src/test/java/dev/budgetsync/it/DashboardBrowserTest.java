package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver. Without them this test fails and says what to install, unless it is skipped on
 * purpose with {@code -Dbudgetsync.skipBrowserTests=true}. Leaves a screenshot in target/dashboard.png.
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("budgetsync.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("budgetsync.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

  private TestApp app;
  private WebDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void showsTheFormattedBudgetAndFollowsAWebhookWithoutReload(Vertx vertx, @TempDir Path profile) throws IOException {
    browser = chromium(profile);
    app = TestApp.start(vertx);
    String account = Events.newId("acct");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    // Paid on the first of the month, so the chart has a month to show; spend and a hold since.
    long firstOfMonth = today.withDayOfMonth(1).atTime(9, 30).toEpochSecond(ZoneOffset.UTC);
    assertThat(app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account),
        firstOfMonth)).statusCode()).isEqualTo(200);
    for (long amount : List.of(1800L, 1500L, 900L)) {
      assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
          .put("amount", amount).put("description", "research run"), null).statusCode()).isEqualTo(200);
    }
    assertThat(app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", 300).put("ttl_seconds", 3600), null).statusCode()).isEqualTo(201);

    String base = "http://127.0.0.1:" + app.port();
    browser.get(base + "/?token=" + TestApp.TOKEN + "&account=" + account);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$50.00"));
    assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(base + "/?account=" + account);
    assertThat(text("spent")).isEqualTo("$42.00");
    assertThat(text("reserved")).isEqualTo("$3.00");
    assertThat(text("remaining")).isEqualTo("$5.00");
    assertThat(text("utilization")).isEqualTo("84.0%");
    assertThat(text("alerts")).contains("50% of the budget spent").contains("80% of the budget spent");
    assertThat(browser.findElements(By.cssSelector("#chart svg path.budget-line"))).isNotEmpty();
    assertThat(text("ledger")).contains("+$50.00").contains("−$18.00").contains("80% threshold reached");
    wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

    JsonObject topUp = Events.wrap("checkout.session.completed", Events.paidSession(2500, "usd", account));
    assertThat(app.postEvent(topUp).statusCode()).isEqualTo(200);

    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$75.00"));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
    assertThat(text("remaining")).isEqualTo("$30.00");
    assertThat(text("utilization")).isEqualTo("56.0%");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), topUp.getString("type")));
    assertThat(text("events")).contains("$25.00").contains("credited");
    assertThat(text("alerts")).contains("50% of the budget spent").doesNotContain("80% of the budget spent");
    assertThat(text("feed")).contains("80% recovered");
    assertThat(browser.findElements(By.cssSelector("#chart circle.marker.topup"))).isNotEmpty();

    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  private String text(String id) {
    WebElement element = browser.findElement(By.id(id));
    return element.getText();
  }

  static WebDriver chromium(Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      Assumptions.assumeFalse(Boolean.getBoolean("budgetsync.skipBrowserTests"),
          "browser test skipped on purpose (-Dbudgetsync.skipBrowserTests=true)");
      fail(CHROMIUM + " or " + CHROMEDRIVER + " is missing: install Debian's chromium and chromium-driver"
          + " (apt-get install -y chromium chromium-driver), or skip this test on purpose with"
          + " -Dbudgetsync.skipBrowserTests=true");
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1560", "--force-device-scale-factor=1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
