package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bearer-protected routes and health, over real HTTP against a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class AdminRoutesTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @ParameterizedTest
  @CsvSource({"GET,/api/budget", "POST,/api/budget/funds", "GET,/api/budget/ledger", "GET,/api/stripe/events"})
  void everyStatusRouteNeedsTheBearerToken(String method, String uri) {
    String account = Events.newId("acct");
    for (String auth : new String[] {null, "Bearer wrong-token", "Basic dGVzdDp0ZXN0", "Bearer "}) {
      var request = app.client().request(HttpMethod.valueOf(method), uri);
      if (auth != null) {
        request.putHeader("Authorization", auth);
      }
      HttpResponse<Buffer> response = request.sendJsonObject(new JsonObject().put("account", account).put("amount", 100)).await();
      assertThat(response.statusCode()).as(method + " " + uri + " with " + auth).isEqualTo(401);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("unauthorized");
    }
    assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isZero();
  }

  @Test
  void anAccountWithNoActivityAnswersZeros() {
    JsonObject status = app.get("/api/budget?account=quiet&month=2026-02").bodyAsJsonObject();

    assertThat(status).isEqualTo(new JsonObject().put("account", "quiet").put("month", "2026-02")
        .put("currency", "usd").put("budget", 0).put("spent", 0).put("reserved", 0).put("remaining", 0)
        .put("utilization", 0.0).put("alerts", new JsonArray()));
  }

  @Test
  void statusDefaultsToTheDefaultAccountAndTheCurrentMonth() {
    JsonObject status = app.get("/api/budget").bodyAsJsonObject();

    assertThat(status.getString("account")).isEqualTo("default");
    assertThat(status.getString("month")).isEqualTo(TestApp.currentMonth());
  }

  @Test
  void manualTopUpWithAnIdempotencyKeyCreditsOnce() {
    String account = Events.newId("acct");
    JsonObject body = new JsonObject().put("account", account).put("amount", 5000).put("currency", "usd")
        .put("note", "prepaid November");

    HttpResponse<Buffer> first = app.postJson("/api/budget/funds", body, "key-" + account);
    HttpResponse<Buffer> second = app.postJson("/api/budget/funds", body, "key-" + account);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getLong("budget")).isEqualTo(5000);
    assertThat(second.bodyAsJsonObject().getLong("budget")).isEqualTo(5000);
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(5000);

    HttpResponse<Buffer> reused = app.postJson("/api/budget/funds", body.copy().put("amount", 1), "key-" + account);
    assertThat(reused.statusCode()).isEqualTo(409);
    assertThat(reused.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("idempotency_conflict");

    app.postJson("/api/budget/funds", body, null);
    assertThat(app.budget(account).getLong("budget")).isEqualTo(10000);
  }

  @Test
  void invalidTopUpsAre400AndStoreNothing() {
    String account = Events.newId("acct");
    List<JsonObject> bodies = List.of(
        new JsonObject().put("account", account),
        new JsonObject().put("account", account).put("amount", "5000"),
        new JsonObject().put("account", account).put("amount", 12.5),
        new JsonObject().put("account", account).put("amount", -1),
        new JsonObject().put("account", account).put("amount", 0),
        new JsonObject().put("account", account).put("amount", 100).put("currency", "eur"),
        new JsonObject().put("account", "has spaces").put("amount", 100));
    for (JsonObject body : bodies) {
      HttpResponse<Buffer> response = app.postJson("/api/budget/funds", body, null);
      assertThat(response.statusCode()).as(body.encode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_request");
    }
    HttpResponse<Buffer> notJson = app.client().post("/api/budget/funds").bearerTokenAuthentication(TestApp.TOKEN)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{oops")).await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isZero();
  }

  @Test
  void eventHistoryIsNewestFirstWithStripeStylePagination() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject event = Events.wrap("customer.subscription.updated",
          new JsonObject().put("id", "sub_page").put("status", "active"));
      app.postEvent(event);
      ids.add(0, event.getString("id"));
    }
    app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(10, "usd", "pager")));

    JsonObject first = app.get("/api/stripe/events?limit=2&type=customer.subscription.updated").bodyAsJsonObject();
    assertThat(first.getString("object")).isEqualTo("list");
    assertThat(first.getBoolean("has_more")).isTrue();
    assertThat(ids(first)).containsExactly(ids.get(0), ids.get(1));
    JsonObject item = first.getJsonArray("data").getJsonObject(0);
    assertThat(item.fieldNames()).contains("id", "type", "outcome", "account", "amount", "currency", "created",
        "received_at");

    JsonObject next = app.get("/api/stripe/events?limit=2&type=customer.subscription.updated&starting_after="
        + ids.get(1)).bodyAsJsonObject();
    assertThat(ids(next)).containsExactly(ids.get(2), ids.get(3));

    JsonObject all = app.get("/api/stripe/events?limit=100").bodyAsJsonObject();
    assertThat(all.getJsonArray("data").getJsonObject(0).getString("type")).isEqualTo("checkout.session.completed");
    assertThat(app.get("/api/stripe/events?limit=0").statusCode()).isEqualTo(400);
    assertThat(app.get("/api/stripe/events?starting_after=evt_unknown").statusCode()).isEqualTo(400);
  }

  @Test
  void theLedgerListsTheMonthsEntriesOldestFirst() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(2500, "usd", account));
    app.postEvent(event);
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 500), null);

    JsonObject page = app.get("/api/budget/ledger?account=" + account + "&month=" + TestApp.currentMonth())
        .bodyAsJsonObject();

    JsonArray data = page.getJsonArray("data");
    assertThat(data).hasSize(2);
    JsonObject credit = data.getJsonObject(0);
    assertThat(credit.getString("kind")).isEqualTo("credit");
    assertThat(credit.getLong("amount")).isEqualTo(2500);
    assertThat(credit.getString("currency")).isEqualTo("usd");
    assertThat(credit.getString("source")).isEqualTo("marketing_topup");
    assertThat(credit.getString("event_id")).isEqualTo(event.getString("id"));
    assertThat(credit.getJsonObject("metadata").getString("event_type")).isEqualTo("checkout.session.completed");
    assertThat(credit.getString("created_at")).isNotBlank();
    assertThat(data.getJsonObject(1).getString("source")).isEqualTo("manual");
    assertThat(data.getJsonObject(1).getLong("id")).isGreaterThan(credit.getLong("id"));
  }

  @Test
  void healthRoutesNeedNoTokenAndReadyChecksTheDatabase() {
    HttpResponse<Buffer> live = app.client().get("/health/live").send().await();
    HttpResponse<Buffer> ready = app.client().get("/health/ready").send().await();

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
    assertThat(ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getString("id")).isEqualTo("database");
  }

  @Test
  void unknownRoutesAnswerJsonErrorsAndRevealNothingWithoutTheToken() {
    assertThat(app.client().get("/nowhere").send().await().statusCode()).isEqualTo(401);

    HttpResponse<Buffer> response = app.get("/nowhere");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("not_found");
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
