package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.OpenApiCheck;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read routes an operator works from: every GET route refuses an unknown query parameter and
 * answers HEAD; the event history and the ledger filter; the open holds, the spend by agent and the
 * CSV export of the ledger.
 */
@ExtendWith(VertxExtension.class)
class ReadRoutesTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  /** Every GET path of docs/openapi.yaml (which OpenApiRoutesTest holds equal to the routes), made concrete. */
  private static List<String> getPaths() {
    JsonObject paths = OpenApiCheck.document().getJsonObject("paths");
    return paths.fieldNames().stream().filter(path -> paths.getJsonObject(path).containsKey("get"))
        .map(path -> path.replace("{file}", "app.js")).sorted().toList();
  }

  private static HttpResponse<Buffer> request(HttpMethod method, String uri) {
    return app.client().request(method, uri).bearerTokenAuthentication(TestApp.TOKEN)
        .putHeader("Accept", "text/event-stream, application/json").send().await();
  }

  @Test
  void everyGetRouteRefusesAnUnknownQueryParameterByName() {
    List<String> paths = getPaths();
    assertThat(paths).hasSizeGreaterThanOrEqualTo(15).contains("/health/live", "/api/budget/ledger.csv");
    for (String path : paths) {
      HttpResponse<Buffer> answer = request(HttpMethod.GET, path + "?outcom=needs_review");
      assertThat(answer.statusCode()).as(path).isEqualTo(400);
      JsonObject error = answer.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getString("type")).isEqualTo("invalid_request");
      assertThat(error.getString("message")).as(path).contains("unknown query parameter outcom");
    }
  }

  @Test
  void everyGetRouteAnswersHeadWithTheGetsStatusAndHeadersAndNoBody() {
    for (String path : getPaths()) {
      HttpResponse<Buffer> head = request(HttpMethod.HEAD, path);
      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.body() == null || head.body().length() == 0).as("HEAD " + path + " without a body").isTrue();
      if (!path.equals("/api/budget/stream")) {
        HttpResponse<Buffer> get = request(HttpMethod.GET, path);
        assertThat(essence(head.getHeader("Content-Type"))).as(path).isEqualTo(essence(get.getHeader("Content-Type")));
      }
    }
    assertThat(app.client().head("/api/budget").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void theEventHistoryFiltersByOutcomeAccountAndCreatedTime() {
    String account = Events.newId("acct");
    String other = Events.newId("acct");
    long lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusDays(3).atStartOfDay()
        .toEpochSecond(ZoneOffset.UTC);
    JsonObject old = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", account), lastMonth);
    JsonObject paid = Events.wrap("checkout.session.completed", Events.paidSession(200, "usd", account));
    JsonObject review = Events.wrap("checkout.session.completed", Events.paidSession(300, "eur", account));
    JsonObject others = Events.wrap("checkout.session.completed", Events.paidSession(400, "usd", other));
    for (JsonObject event : List.of(old, paid, review, others)) {
      assertThat(app.postEvent(event).statusCode()).isEqualTo(200);
    }
    long now = Instant.now().getEpochSecond();

    assertThat(ids("/api/stripe/events?account=" + account)).containsExactly(review.getString("id"),
        paid.getString("id"), old.getString("id"));
    assertThat(ids("/api/stripe/events?account=" + account + "&outcome=needs_review"))
        .containsExactly(review.getString("id"));
    assertThat(ids("/api/stripe/events?account=" + account + "&created[lt]=" + (lastMonth + 1)))
        .containsExactly(old.getString("id"));
    assertThat(ids("/api/stripe/events?account=" + account + "&outcome=credited&created[gte]=" + (lastMonth + 1)
        + "&created[lt]=" + (now + 60))).containsExactly(paid.getString("id"));
    assertThat(ids("/api/stripe/events?outcome=needs_review&limit=100")).contains(review.getString("id"))
        .doesNotContain(paid.getString("id"), others.getString("id"));
    assertThat(ids("/api/stripe/events?account=" + other)).containsExactly(others.getString("id"));
    for (String bad : List.of("outcome=duplicate", "account=a%20b", "created[gte]=yesterday",
        "created[gte]=20&created[lt]=10")) {
      assertThat(request(HttpMethod.GET, "/api/stripe/events?" + bad).statusCode()).as(bad).isEqualTo(400);
    }
  }

  @Test
  void theLedgerFiltersByKindAndSource() {
    String account = Events.newId("acct");
    fund(account, 5000);
    spend(account, "CONTENT", 700);
    spend(account, "RESEARCH", 300);

    assertThat(kinds("/api/budget/ledger?account=" + account)).containsExactly("credit", "spend", "spend");
    assertThat(kinds("/api/budget/ledger?account=" + account + "&kind=spend")).containsExactly("spend", "spend");
    JsonArray research = app.get("/api/budget/ledger?account=" + account + "&source=agent:RESEARCH").bodyAsJsonObject()
        .getJsonArray("data");
    assertThat(research).hasSize(1);
    assertThat(research.getJsonObject(0).getLong("amount")).isEqualTo(300);
    assertThat(request(HttpMethod.GET, "/api/budget/ledger?kind=refund").statusCode()).isEqualTo(400);
  }

  @Test
  void openReservationsAndSpendByAgent() {
    String account = Events.newId("acct");
    fund(account, 10_000);
    String held = reserve(account, "CONTENT", 1200);
    String settled = reserve(account, "RESEARCH", 800);
    assertThat(app.postJson("/api/budget/reservations/" + settled + "/settle", new JsonObject().put("amount", 650),
        null).statusCode()).isEqualTo(200);
    spend(account, "CONTENT", 100);
    spend(account, "CONTENT", 250);

    JsonArray holds = app.get("/api/budget/reservations?account=" + account).bodyAsJsonObject().getJsonArray("data");
    assertThat(holds).hasSize(1);
    assertThat(holds.getJsonObject(0).getString("id")).isEqualTo(held);
    assertThat(holds.getJsonObject(0).getString("display")).isEqualTo("$12.00");
    JsonObject agents = app.get("/api/budget/agents?account=" + account).bodyAsJsonObject();
    assertThat(agents.getJsonArray("data").stream().map(a -> ((JsonObject) a).getString("agent") + " "
        + ((JsonObject) a).getLong("spent") + " " + ((JsonObject) a).getLong("entries")))
        .containsExactly("RESEARCH 650 1", "CONTENT 350 2");
    assertThat(app.get("/api/budget/agents?account=" + Events.newId("acct")).bodyAsJsonObject()
        .getJsonArray("data")).isEmpty();
  }

  @Test
  void theLedgerExportIsCsvOfTheWholeMonth() {
    String account = Events.newId("acct");
    fund(account, 5000);
    assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
        .put("amount", 125).put("description", "blog post, \"draft\"\nsecond line"), null).statusCode()).isEqualTo(200);
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1)
        .put("note", "@cmd|' /C calc'!A0"), null).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> csv = app.get("/api/budget/ledger.csv?account=" + account);
    HttpResponse<Buffer> spendOnly = app.get("/api/budget/ledger.csv?account=" + account + "&kind=spend");

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"ledger-" + account + "-" + TestApp.currentMonth() + ".csv\"");
    String[] lines = csv.bodyAsString().split("\r\n", -1);
    assertThat(lines[0]).isEqualTo("id,created_at,kind,amount,currency,amount_display,source,event_id,agent,"
        + "description,note");
    assertThat(lines[1]).matches("\\d+,\\S+Z,credit,5000,usd,\\$50\\.00,manual,,,,");
    assertThat(lines[2]).endsWith(",spend,125,usd,$1.25,agent:CONTENT,,CONTENT,\"blog post, \"\"draft\"\"\nsecond line\",");
    assertThat(lines[3]).endsWith(",credit,1,usd,$0.01,manual,,,,'@cmd|' /C calc'!A0");
    assertThat(lines).hasSize(5);
    assertThat(lines[4]).isEmpty();
    assertThat(spendOnly.bodyAsString().split("\r\n")).hasSize(2);
  }

  @Test
  void theLedgerExportReadsEveryPageOfALongMonth() {
    String account = Events.newId("acct");
    int entries = 1205;
    app.query("insert into ledger_entry (account, month, kind, amount, currency, source, money_key) "
        + "select $1, $2, 'spend', n, 'usd', 'agent:BULK', 'bulk:' || $1 || ':' || n from generate_series(1, $3) n",
        account, TestApp.currentMonth(), entries);

    String[] lines = app.get("/api/budget/ledger.csv?account=" + account).bodyAsString().split("\r\n");

    assertThat(lines).hasSize(1 + entries);
    assertThat(lines[entries]).contains(",spend," + entries + ",usd,");
  }

  private static List<String> ids(String uri) {
    HttpResponse<Buffer> answer = app.get(uri);
    assertThat(answer.statusCode()).as(uri + ": " + answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getJsonArray("data").stream().map(e -> ((JsonObject) e).getString("id")).toList();
  }

  private static List<String> kinds(String uri) {
    return app.get(uri).bodyAsJsonObject().getJsonArray("data").stream().map(e -> ((JsonObject) e).getString("kind"))
        .collect(Collectors.toList());
  }

  private static void fund(String account, long amount) {
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", amount), null)
        .statusCode()).isEqualTo(200);
  }

  private static void spend(String account, String agent, long amount) {
    assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", agent)
        .put("amount", amount), null).statusCode()).isEqualTo(200);
  }

  private static String reserve(String account, String agent, long amount) {
    HttpResponse<Buffer> answer = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", agent).put("amount", amount).put("ttl_seconds", 600), null);
    assertThat(answer.statusCode()).isEqualTo(201);
    return answer.bodyAsJsonObject().getString("id");
  }

  private static String essence(String contentType) {
    return contentType == null ? null : contentType.split(";")[0].trim();
  }
}
