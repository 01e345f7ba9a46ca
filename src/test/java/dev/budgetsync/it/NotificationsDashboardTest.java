package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's latest deliveries, in Chromium (as {@link DashboardBrowserTest}): hidden until there are some. */
@ExtendWith(VertxExtension.class)
class NotificationsDashboardTest {
  private TestApp app;
  private Receiver receiver;
  private WebDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theLatestDeliveriesAppearWithTheirStatusOnceThereAreSome(Vertx vertx, @TempDir Path profile) {
    browser = DashboardBrowserTest.chromium(profile);
    receiver = Receiver.start(vertx, 0, (request, attempt) ->
        Reply.of(request.json().getJsonObject("data").getInteger("threshold", 0) == 80 ? 410 : 200));
    app = NotificationDeliveryTest.start(vertx, receiver.url("/hooks"));
    String account = Events.newId("acct");
    NotificationDeliveryTest.topUp(app, account, 1000);

    browser.get("http://127.0.0.1:" + app.port() + "/?account=" + account);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TestApp.TOKEN);
    browser.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.textToBe(By.id("budget"), "$10.00"));
    assertThat(browser.findElement(By.id("notifications")).isDisplayed()).isFalse();

    NotificationDeliveryTest.spend(app, account, 500);
    NotificationDeliveryTest.spend(app, account, 300);
    receiver.await(all -> all.size() == 2, Duration.ofSeconds(20));
    for (var request : receiver.requests()) {
      NotificationDeliveryTest.awaitNotification(app, request.json().getString("id"),
          n -> !n.getString("status").equals("pending"));
    }
    // The page reloads its panels on every change it hears of: one more spend, and it shows both outcomes.
    NotificationDeliveryTest.spend(app, account, 1);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notification-rows"), "failed"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notification-rows"), "delivered"));

    assertThat(browser.findElement(By.id("notifications")).isDisplayed()).isTrue();
    String rows = browser.findElement(By.id("notification-rows")).getText();
    assertThat(rows).contains("budget.alert.fired", account + " " + TestApp.currentMonth() + " · 80%",
        "#1 127.0.0.1: failed, 1 attempt", "#1 127.0.0.1: delivered, 1 attempt");
  }
}
