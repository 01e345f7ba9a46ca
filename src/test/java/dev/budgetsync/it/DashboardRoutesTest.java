package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard stands on: the token-for-cookie trade and what the cookie may do, the daily
 * and accounts routes, display strings, and the event stream, over real HTTP and PostgreSQL.
 */
@ExtendWith(VertxExtension.class)
class DashboardRoutesTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  /** What the sign-in form sends: the token in a form body, to the page's own address. */
  private static HttpResponse<Buffer> signIn(String token) {
    return app.client().post("/?account=acct_1").followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)).await();
  }

  private static String sessionCookie() {
    HttpResponse<Buffer> login = signIn(TestApp.TOKEN);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.getHeader("Location")).isEqualTo("/?account=acct_1");
    String setCookie = login.getHeader("Set-Cookie");
    assertThat(setCookie).startsWith("budget_sync_session=").containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict").contains("Path=/").doesNotContain(TestApp.TOKEN);
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void theTokenIsTradedOnceForACookieThatOpensThePageAndTheReadRoutes() {
    String cookie = sessionCookie();

    HttpResponse<Buffer> page = app.client().get("/").putHeader("Cookie", cookie).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"/ui/app.js\">");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
    HttpResponse<Buffer> script = app.client().get("/ui/chart.js").putHeader("Cookie", cookie).send().await();
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).contains("javascript");
    assertThat(app.client().get("/api/budget").putHeader("Cookie", cookie).send().await().statusCode()).isEqualTo(200);
    assertThat(app.client().get("/ui/app.js").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void theCookieCanLookButNeverMoveMoney() {
    String cookie = sessionCookie();
    String account = Events.newId("acct");

    HttpResponse<Buffer> topUp = app.client().post("/api/budget/funds").putHeader("Cookie", cookie)
        .sendJsonObject(new JsonObject().put("account", account).put("amount", 500)).await();

    assertThat(topUp.statusCode()).isEqualTo(401);
    assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isZero();
  }

  @Test
  void aForgedExpiredOrWrongTokenSessionIsRefused() {
    String cookie = sessionCookie();
    String expiry = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf('.'));
    String proof = cookie.substring(cookie.indexOf('.') + 1);
    long later = Long.parseLong(expiry) + 3600;
    List<String> forged = List.of(
        "budget_sync_session=" + later + "." + proof,
        "budget_sync_session=" + (Instant.now().getEpochSecond() - 1) + "." + proof,
        "budget_sync_session=" + expiry + "." + proof.substring(1),
        "budget_sync_session=" + TestApp.TOKEN,
        "budget_sync_session=");
    for (String bad : forged) {
      assertThat(app.client().get("/api/budget").putHeader("Cookie", bad).send().await().statusCode())
          .as(bad).isEqualTo(401);
    }
    HttpResponse<Buffer> wrong = signIn("not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.getHeader("Set-Cookie")).isNull();
    assertThat(wrong.bodyAsString()).contains("not the token").contains("name=\"token\"");
    // A token in a URL is no credential, on the page (which once took it) or anywhere else.
    HttpResponse<Buffer> inUrl = app.client().get("/?token=" + TestApp.TOKEN).followRedirects(false).send().await();
    assertThat(inUrl.statusCode()).isEqualTo(401);
    assertThat(inUrl.getHeader("Set-Cookie")).isNull();
    assertThat(app.client().get("/api/budget?token=" + TestApp.TOKEN).send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void aBrowserWithoutASessionIsAskedForTheToken() {
    HttpResponse<Buffer> page = app.client().get("/").putHeader("Accept", "text/html,*/*").send().await();

    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<form method=\"post\">").contains("name=\"token\"")
        .doesNotContain(TestApp.TOKEN);
  }

  @Test
  void dailyTotalsRunUpToTheStatusWithDisplayStrings() {
    String account = Events.newId("acct");
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 5000), null);
    app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 1250), null);
    assertThat(app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(2500, "usd", account)))
        .statusCode()).isEqualTo(200);

    JsonObject daily = app.get("/api/budget/daily?account=" + account).bodyAsJsonObject();

    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    JsonArray days = daily.getJsonArray("days");
    assertThat(days).hasSize(today.lengthOfMonth());
    assertThat(daily.getString("through")).isEqualTo(today.toString());
    JsonObject day = days.getJsonObject(today.getDayOfMonth() - 1);
    assertThat(day.getString("date")).isEqualTo(today.toString());
    assertThat(day.getLong("credited")).isEqualTo(7500);
    assertThat(day.getLong("spent")).isEqualTo(1250);
    JsonObject last = days.getJsonObject(days.size() - 1);
    assertThat(last.getLong("budget")).isEqualTo(7500);
    assertThat(last.getLong("spent_total")).isEqualTo(1250);
    assertThat(day.getJsonObject("display").getString("budget")).isEqualTo("$75.00");
    JsonObject status = daily.getJsonObject("status");
    assertThat(status.getLong("remaining")).isEqualTo(6250);
    assertThat(status.getJsonObject("display").getMap()).containsEntry("budget", "$75.00")
        .containsEntry("spent", "$12.50").containsEntry("reserved", "$0.00").containsEntry("remaining", "$62.50");
    assertThat(daily.getJsonArray("axis").getJsonObject(0).getString("display")).isEqualTo("$0.00");
    assertThat(daily.getJsonArray("axis").stream().mapToLong(t -> ((JsonObject) t).getLong("amount")).max()
        .orElseThrow()).isGreaterThanOrEqualTo(7500);
    assertThat(daily.getJsonArray("thresholds")).containsExactly(50, 80, 100);

    JsonObject ledger = app.get("/api/budget/ledger?account=" + account).bodyAsJsonObject();
    assertThat(ledger.getJsonArray("data").stream().map(e -> ((JsonObject) e).getString("display")))
        .containsExactly("$50.00", "$12.50", "$25.00");
    JsonObject events = app.get("/api/stripe/events?limit=1").bodyAsJsonObject();
    assertThat(events.getJsonArray("data").getJsonObject(0).getString("display")).isEqualTo("$25.00");
  }

  @Test
  void accountsListsTheMonthsAccountsInPages() {
    String prefix = Events.newId("list");
    for (String suffix : List.of("a", "b", "c")) {
      app.postJson("/api/budget/funds", new JsonObject().put("account", prefix + suffix).put("amount", 100), null);
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    String after = prefix;
    boolean more = true;
    while (more) {
      JsonObject page = app.get("/api/budget/accounts?limit=2&starting_after=" + after).bodyAsJsonObject();
      page.getJsonArray("data").forEach(item -> seen.add(((JsonObject) item).getString("account")));
      assertThat(page.getJsonArray("data").size()).isLessThanOrEqualTo(2);
      more = page.getBoolean("has_more");
      after = seen.get(seen.size() - 1);
    }
    assertThat(seen).startsWith(prefix + "a", prefix + "b", prefix + "c");
    JsonObject first = app.get("/api/budget/accounts?limit=1&starting_after=" + prefix).bodyAsJsonObject()
        .getJsonArray("data").getJsonObject(0);
    assertThat(first.getString("month")).isEqualTo(TestApp.currentMonth());
    assertThat(first.getJsonObject("display").getString("budget")).isEqualTo("$1.00");
    assertThat(app.get("/api/budget/accounts?month=2026-13").statusCode()).isEqualTo(400);
    assertThat(app.get("/api/budget/accounts?month=2001-01").bodyAsJsonObject().getJsonArray("data")).isEmpty();
  }

  @Test
  void theStreamCarriesUpdatesAndAlertsOfTheAccountAsTheyAreCommitted(Vertx vertx) throws Exception {
    String account = Events.newId("acct");
    String other = Events.newId("acct");
    HttpClient http = vertx.createHttpClient();
    StringBuffer received = new StringBuffer();
    CompletableFuture<Void> alertSeen = new CompletableFuture<>();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    HttpClientResponse response = http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setHost("127.0.0.1").setPort(app.port()).setURI("/api/budget/stream?account=" + account)
            .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer " + TestApp.TOKEN))
        .compose(request -> request.send()).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    response.handler(chunk -> {
      received.append(chunk.toString());
      if (received.indexOf("event: alert") >= 0) {
        alertSeen.complete(null);
      }
    });
    response.endHandler(v -> ended.complete(null));

    app.postJson("/api/budget/funds", new JsonObject().put("account", other).put("amount", 100), null);
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000), null);
    app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "A").put("amount", 600), null);
    alertSeen.get(10, TimeUnit.SECONDS);

    String stream = received.toString();
    assertThat(stream).contains("event: updated\ndata: {\"account\":\"" + account + "\"")
        .contains("event: alert\ndata: ").contains("\"threshold\":50").contains("\"state\":\"fired\"")
        .doesNotContain(other);

    // A stream never ends by itself; a draining server ends it rather than waiting out its 20 s.
    long started = System.nanoTime();
    app.restart(new JsonObject());
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(10);
    ended.get(5, TimeUnit.SECONDS);
    http.close().await();
  }

  @Test
  void theStreamAnswersOnlyAnEventSource() {
    HttpResponse<Buffer> plain = app.get("/api/budget/stream");

    assertThat(plain.statusCode()).isEqualTo(406);
    assertThat(plain.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("not_acceptable");
    assertThat(app.client().get("/api/budget/stream").putHeader("Accept", "text/event-stream").send().await()
        .statusCode()).isEqualTo(401);
  }
}
