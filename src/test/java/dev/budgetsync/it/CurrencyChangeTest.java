package dev.budgetsync.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.LogCapture;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A breaker's case: the service restarted with another BUDGET_CURRENCY added a JPY event's money
 * to a row kept in usd. Money in one currency is never added to a row of another: the event is
 * stored needs_review, the agent routes and reprocessing are refused, and the start says so.
 */
@ExtendWith(VertxExtension.class)
class CurrencyChangeTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void afterBudgetCurrencyChangedNoMoneyIsAddedToARowKeptInTheOldOne(Vertx vertx) {
    app = TestApp.start(vertx);
    String account = Events.newId("acct");
    JsonObject jpyEarlier = Events.wrap("checkout.session.completed", Events.paidSession(3000, "jpy", account));
    assertThat(app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account)))
        .bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
    assertThat(app.postEvent(jpyEarlier).bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");

    List<ILoggingEvent> warnings;
    try (LogCapture logs = new LogCapture()) {
      app.restart(new JsonObject().put("BUDGET_CURRENCY", "jpy"));
      warnings = logs.from("dev.budgetsync").stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }
    assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).contains("budget rows in another currency than BUDGET_CURRENCY jpy exist")
            .contains("usd: 1 row(s)"));

    HttpResponse<Buffer> jpy = app.postEvent(
        Events.wrap("checkout.session.completed", Events.paidSession(7000, "jpy", account)));
    assertThat(jpy.statusCode()).isEqualTo(200);
    assertThat(jpy.bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");
    assertThat(app.query("select reason from stripe_event where outcome = 'needs_review' and amount is null")
        .get(0).getString("reason")).contains("is kept in usd, not jpy");

    HttpResponse<Buffer> reprocessed = app.client().post("/api/stripe/events/" + jpyEarlier.getString("id")
        + "/reprocess").bearerTokenAuthentication(TestApp.TOKEN).send().await();
    assertRefused(reprocessed);
    assertRefused(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 100), null));
    assertRefused(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
        .put("amount", 100), null));
    assertRefused(app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", 100).put("ttl_seconds", 60), null));

    JsonObject budget = app.budget(account);
    assertThat(budget.getString("currency")).isEqualTo("usd");
    assertThat(budget.getLong("budget")).isEqualTo(5000);
    assertThat(budget.getLong("spent")).isZero();
    assertThat(budget.getLong("reserved")).isZero();
    assertThat(app.count("select count(*) from ledger_entry where currency = 'jpy'")).isZero();
    String other = Events.newId("acct");
    assertThat(app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(7000, "jpy", other)))
        .bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
  }

  private static void assertRefused(HttpResponse<Buffer> answer) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(409);
    assertThat(answer.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("currency_mismatch");
    assertThat(answer.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("is kept in usd, not jpy");
  }
}
