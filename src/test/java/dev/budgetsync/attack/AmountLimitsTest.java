package dev.budgetsync.attack;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack 5 of issue 13, over HTTP and PostgreSQL: an amount of 2^63-1 is a 400, the largest month the
 * service keeps (10^18 minor units on every total) renders its daily chart at once, and a top-up
 * past that total is a 400 that writes nothing, where it was a bigint overflow and a 500.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AmountLimitsTest {
  private static final long MAX_AMOUNT = 10_000_000_000_000L;
  private static final long MAX_TOTAL = 1_000_000_000_000_000_000L;
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void theLargestAmountIsAcceptedAndTheLargestLongIsNot() {
    String account = Events.newId("acct");
    HttpResponse<Buffer> largest = app.postJson("/api/budget/funds",
        new JsonObject().put("account", account).put("amount", MAX_AMOUNT), null);
    HttpResponse<Buffer> spend = app.postJson("/api/spend",
        new JsonObject().put("account", account).put("agent", "A").put("amount", Long.MAX_VALUE), null);

    assertThat(largest.statusCode()).isEqualTo(200);
    assertThat(largest.bodyAsJsonObject().getLong("budget")).isEqualTo(MAX_AMOUNT);
    assertThat(spend.statusCode()).isEqualTo(400);
    assertThat(spend.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("amount");
    assertThat(app.budget(account).getLong("spent")).isZero();
  }

  @Test
  void theDailyChartOfTheLargestMonthRenders() {
    String account = Events.newId("acct");
    String month = TestApp.currentMonth();
    largestMonth(account, month);

    HttpResponse<Buffer> daily = app.get("/api/budget/daily?account=" + account + "&month=" + month);

    assertThat(daily.statusCode()).as(daily.bodyAsString()).isEqualTo(200);
    JsonArray axis = daily.bodyAsJsonObject().getJsonArray("axis");
    assertThat(axis.size()).isBetween(2, 5);
    assertThat(axis.getJsonObject(axis.size() - 1).getLong("amount")).isGreaterThanOrEqualTo(MAX_TOTAL);
    JsonObject status = app.budget(account);
    assertThat(status.getLong("budget")).isZero();
    assertThat(status.getLong("spent")).isEqualTo(MAX_TOTAL);
    assertThat(status.getLong("reserved")).isEqualTo(MAX_TOTAL);
    assertThat(status.getLong("remaining")).isEqualTo(-2 * MAX_TOTAL);
    // And a webhook is still answered: nothing is stuck on billing's event loop.
    HttpResponse<Buffer> webhook = app.postEvent(Events.wrap("checkout.session.completed",
        Events.paidSession(100, "usd", Events.newId("acct"))));
    assertThat(webhook.statusCode()).isEqualTo(200);
  }

  @Test
  void aTopUpPastTheLargestTotalIsRefusedAndWritesNothing() {
    String account = Events.newId("acct");
    String month = TestApp.currentMonth();
    app.query("insert into budget_month (account, month, currency, credited) values ($1, $2, 'usd', $3)",
        account, month, MAX_TOTAL - 10);

    HttpResponse<Buffer> past = app.postJson("/api/budget/funds",
        new JsonObject().put("account", account).put("amount", 11), null);
    HttpResponse<Buffer> spendPast = app.postJson("/api/spend", new JsonObject().put("account", account)
        .put("agent", "A").put("amount", MAX_AMOUNT), null);
    HttpResponse<Buffer> exactly = app.postJson("/api/budget/funds",
        new JsonObject().put("account", account).put("amount", 10), null);

    assertThat(past.statusCode()).as(past.bodyAsString()).isEqualTo(400);
    assertThat(past.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_request");
    assertThat(past.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("10^18");
    assertThat(spendPast.statusCode()).isEqualTo(200);
    assertThat(exactly.statusCode()).isEqualTo(200);
    assertThat(exactly.bodyAsJsonObject().getLong("budget")).isEqualTo(MAX_TOTAL);
    assertThat(app.count("select count(*) from ledger_entry where account = $1 and kind = 'credit'", account))
        .isEqualTo(1);
  }

  /**
   * A month whose every total (credited, debited, spent, reserved) is the largest kept, the ledger
   * holding the same: the sums that once overflowed are all at their bound at once.
   */
  private static void largestMonth(String account, String month) {
    app.query("insert into budget_month (account, month, currency, credited, debited, spent, reserved)"
        + " values ($1, $2, 'usd', $3, $3, $3, $3)", account, month, MAX_TOTAL);
    app.query("insert into ledger_entry (account, month, kind, amount, currency, source) values"
        + " ($1, $2, 'credit', $3, 'usd', 'manual'), ($1, $2, 'debit', $3, 'usd', 'manual'),"
        + " ($1, $2, 'spend', $3, 'usd', 'agent:A')", account, month, MAX_TOTAL);
  }
}
