package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver. Without them this test fails and says what to install, unless it is skipped on
 * purpose with {@code -Dbudgetsync.skipBrowserTests=true}. Leaves screenshots at 1400 and 500 px
 * width in target/dashboard-1400.png and target/dashboard-500.png.
 */
@ExtendWith(VertxExtension.class)
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of(System.getProperty("budgetsync.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("budgetsync.chromedriver", "/usr/bin/chromedriver"));
  /** The chart's geometry, measured in the page: what a person would see overlap or hide. */
  private static final String CHART_GEOMETRY = """
      const svg = document.querySelector('#chart svg');
      const boxes = [...svg.querySelectorAll('text.marker-label')].map((t) => t.getBBox());
      const markers = [...svg.querySelectorAll('circle.marker')].map((c) => ({
        x: +c.getAttribute('cx'), y: +c.getAttribute('cy'), kind: c.classList[1] }));
      const sample = (path) => { const points = []; const length = path.getTotalLength();
        for (let at = 0; at <= length; at += 1) points.push(path.getPointAtLength(at)); return points; };
      const lines = [...sample(svg.querySelector('path.spend-line')), ...sample(svg.querySelector('path.budget-line'))];
      const inside = (p, b) => p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
      const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      const days = [...svg.querySelectorAll('rect.hit')].map((r) => ({ x: +r.getAttribute('x'), w: +r.getAttribute('width') }));
      const points = svg.querySelector('path.budget-line').getAttribute('d').match(/[-\\d.]+,[-\\d.]+/g)
        .map((p) => p.split(',').map(Number));
      const steps = points.filter((p, i) => i > 0 && p[0] === points[i - 1][0] && p[1] !== points[i - 1][1]).map((p) => p[0]);
      return {
        labels: boxes.length,
        kinds: [...new Set(markers.map((m) => m.kind))].sort().join(','),
        labelOnALine: boxes.some((b) => lines.some((p) => inside(p, b))),
        labelsOverlap: boxes.some((a, i) => boxes.some((b, j) => i < j && overlap(a, b))),
        markerHidden: markers.some((a, i) => markers.some((b, j) => i < j && Math.hypot(a.x - b.x, a.y - b.y) < 10)),
        steps: steps.length,
        stepsMidDay: steps.every((x) => days.some((d) => Math.abs(d.x + d.w / 2 - x) < 0.01)),
      };""";

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
  void anOperatorSignsInAndReadsEveryPanelAtEveryWidthAndTheLivePageFollowsAWebhook(Vertx vertx,
                                                                                 @TempDir Path profile)
      throws IOException {
    browser = chromium(profile);
    app = TestApp.start(vertx);
    String account = Events.newId("acct");
    String other = Events.newId("acct");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    long firstOfMonth = today.withDayOfMonth(1).atTime(9, 30).toEpochSecond(ZoneOffset.UTC);
    JsonObject session = Events.paidSession(5000, "usd", account);
    post(Events.wrap("checkout.session.completed", session, firstOfMonth));
    // Today: an invoice payment, a manual top-up and a refund, each its own marker on one day.
    post(Events.wrap("invoice.paid", Events.paidInvoice(2000, "usd", account)));
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000)
        .put("note", "=SUM(A1)"), null).statusCode()).isEqualTo(200);
    String charge = Events.newId("ch");
    String paymentIntent = session.getString("payment_intent");
    post(Events.wrap("charge.refunded", Events.charge(charge, paymentIntent, 5000, 700, new JsonArray()
        .add(Events.refund(Events.newId("re"), charge, paymentIntent, 700)))));
    post(Events.wrap("checkout.session.completed", Events.paidSession(1200, "eur", account)));
    post(Events.wrap("checkout.session.completed", Events.paidSession(9999, "usd", other)));
    for (Object[] spend : List.of(new Object[] {"CONTENT", 1800L}, new Object[] {"CONTENT", 1500L},
        new Object[] {"RESEARCH", 900L})) {
      assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", spend[0])
          .put("amount", spend[1]).put("description", "research run"), null).statusCode()).isEqualTo(200);
    }
    JsonObject hold = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", 300).put("ttl_seconds", 3600), null).bodyAsJsonObject();

    // Signing in: the form posts the token; it never appears in an address.
    String base = "http://127.0.0.1:" + app.port();
    browser.get(base + "/?account=" + account);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TestApp.TOKEN);
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$73.00"));
    assertThat(browser.getCurrentUrl()).as("no token in the address").isEqualTo(base + "/?account=" + account);

    assertThat(text("spent")).isEqualTo("$42.00");
    assertThat(text("reserved")).isEqualTo("$3.00");
    assertThat(text("remaining")).isEqualTo("$28.00");
    assertThat(text("utilization")).isEqualTo("57.5%");
    assertThat(text("alerts")).contains("50% of the budget spent");

    // The account picker is fed by /api/budget/accounts.
    Select picker = new Select(browser.findElement(By.id("account")));
    assertThat(picker.getOptions().stream().map(WebElement::getText)).contains(account, other);
    assertThat(picker.getFirstSelectedOption().getText()).isEqualTo(account);

    // Stripe events of this account only, with the reason of the one that needs review.
    assertThat(text("events")).contains("checkout.session.completed").contains("invoice.paid").contains("$50.00")
        .doesNotContain("$99.99");
    assertThat(browser.findElement(By.cssSelector("#events .reason")).getText())
        .contains("currency eur differs from the budget currency usd");

    // Open reservations and spend by agent.
    assertThat(text("reservations")).contains("CONTENT").contains("$3.00").contains(hold.getString("id"));
    List<WebElement> agents = browser.findElements(By.cssSelector("#agents .agent"));
    assertThat(agents).hasSize(2);
    assertThat(agents.get(0).getText()).contains("CONTENT").contains("$33.00").contains("79%");
    assertThat(agents.get(1).getText()).contains("RESEARCH").contains("$9.00");

    // Every time says its zone.
    List<WebElement> times = browser.findElements(By.cssSelector("main time"));
    assertThat(times).hasSizeGreaterThan(5).allSatisfy(t -> assertThat(t.getText()).endsWith("UTC"));

    // The chart: a marker per kind of money, none hidden under another, no label on a line or another
    // label, and the budget steps in the middle of its day, under the markers.
    Map<?, ?> chart = (Map<?, ?>) js().executeScript(CHART_GEOMETRY);
    assertThat(chart.get("kinds")).isEqualTo("payment,refund,topup");
    assertThat(chart.get("markerHidden")).isEqualTo(false);
    assertThat(chart.get("labelsOverlap")).isEqualTo(false);
    assertThat(chart.get("labelOnALine")).isEqualTo(false);
    assertThat((Long) chart.get("steps")).isGreaterThanOrEqualTo(1);
    assertThat(chart.get("stepsMidDay")).isEqualTo(true);

    // The CSV export of the month's ledger, with the session cookie, formulas defused.
    // (Line ends as the driver hands the text back; the CRLF itself is checked in ReadRoutesTest.)
    String csv = ((String) js().executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(document.getElementById('export').href).then((r) => r.text()).then(done);")).replace("\r\n", "\n");
    assertThat(csv).startsWith("id,created_at,kind,amount,currency,amount_display,source,event_id,agent,description,note\n")
        .contains(",credit,1000,usd,$10.00,manual,,,,'=SUM(A1)\n").contains(",spend,900,usd,$9.00,agent:RESEARCH,");
    assertThat(csv.lines().count()).isEqualTo(1 + app.count(
        "select count(*) from ledger_entry where account = $1", account));

    screenshot(1400, Path.of("target", "dashboard-1400.png"));
    browser.manage().window().setSize(new Dimension(500, 3000));
    wait.until(d -> (Long) js().executeScript("return window.innerWidth;") <= 500);
    assertThat((Boolean) js().executeScript("return document.documentElement.scrollWidth <= window.innerWidth;"))
        .as("no horizontal scrolling at 500 px").isTrue();
    assertThat((Boolean) js().executeScript("const r = document.getElementById('show').getBoundingClientRect();"
        + "return r.left >= 0 && r.right <= window.innerWidth && r.width > 0;")).as("the Show button on screen").isTrue();
    assertThat((Boolean) js().executeScript("return [...document.querySelectorAll('.card, .panel, .amount')]"
        + ".every((c) => { const r = c.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth; });"))
        .as("no card or panel cut").isTrue();
    screenshot(500, Path.of("target", "dashboard-500.png"));
    browser.manage().window().setSize(new Dimension(1400, 2600));

    // Live: a webhook changes the page without a reload.
    wait.until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "live"));
    js().executeScript("window.notReloaded = true;");
    JsonObject topUp = Events.wrap("checkout.session.completed", Events.paidSession(2700, "usd", account));
    post(topUp);
    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$100.00"));
    assertThat(js().executeScript("return window.notReloaded === true;")).isEqualTo(true);
    assertThat(text("utilization")).isEqualTo("42.0%");
    assertThat(text("alerts")).contains("No active alerts");
    assertThat(text("feed")).contains("50% recovered").endsWith("UTC");

    // Another account, picked from the list.
    new Select(browser.findElement(By.id("account"))).selectByVisibleText(other);
    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$99.99"));
    assertThat(browser.getCurrentUrl()).contains("account=" + other);
    assertThat(text("events")).contains("$99.99").doesNotContain("$50.00");
  }

  private void post(JsonObject event) {
    assertThat(app.postEvent(event).statusCode()).isEqualTo(200);
  }

  private JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private void screenshot(int width, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(file, png);
    assertThat(Files.size(file)).as(width + " px screenshot").isGreaterThan(10_000);
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
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,2600", "--force-device-scale-factor=1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
