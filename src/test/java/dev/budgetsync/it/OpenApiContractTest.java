package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.OpenApiCheck;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.impl.HttpResponseImpl;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real responses against docs/openapi.yaml: one request per documented operation, and the errors
 * the routes answer (400, 401, 402, 404, 409, 413, 415), each checked by {@link TestApp}'s client
 * for its documented status, content type, headers and body schema. The other integration tests
 * are checked the same way; this one makes sure every operation is among them.
 */
@ExtendWith(VertxExtension.class)
class OpenApiContractTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    // Notifications to a port nobody listens on: they stay pending, to be listed and retried.
    app = TestApp.start(vertx, new JsonObject().put("NOTIFY_URLS", "http://127.0.0.1:9/hooks")
        .put("NOTIFY_SECRET", "nsec_openapi_0123456789"));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void everyOperationAnswersAsDocumented(Vertx vertx) throws Exception {
    String account = Events.newId("acct");
    JsonObject paid = Events.wrap("checkout.session.completed", Events.paidSession(10_000, "usd", account));
    expect(200, app.postEvent(paid));
    expect(200, app.postEvent(paid)); // duplicate
    JsonObject poison = Events.wrap("checkout.session.completed", Events.paidSession(-5, "usd", account));
    expect(200, app.postEvent(poison)); // stored as failed
    expect(400, app.postWebhook(paid.encode(), "t=1,v1=00"));
    expect(415, app.client().post("/api/webhooks/stripe").putHeader("Stripe-Signature",
        StripeSigning.header(TestApp.SECRET, paid.encode())).sendBuffer(Buffer.buffer(paid.encode())).await());
    expect(200, app.client().get("/api/webhooks/stripe").send().await());
    expect(200, app.client().get("/health/live").send().await());
    expect(200, app.client().get("/health/ready").send().await());

    expect(200, app.get("/api/budget?account=" + account));
    expect(400, app.get("/api/budget?month=2026-13"));
    expect(401, app.client().get("/api/budget").send().await());

    JsonObject funds = new JsonObject().put("account", account).put("amount", 500).put("note", "top-up");
    expect(200, app.postJson("/api/budget/funds", funds, "funds-" + account));
    expect(409, app.postJson("/api/budget/funds", funds.copy().put("amount", 600), "funds-" + account));
    expect(415, admin(HttpMethod.POST, "/api/budget/funds").putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(funds.encode())).await());
    expect(413, admin(HttpMethod.POST, "/api/budget/funds")
        .sendJsonObject(funds.copy().put("note", "n".repeat(70_000))).await());

    expect(200, app.get("/api/budget/check?account=" + account + "&amount=100"));
    expect(200, app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
        .put("amount", 6000).put("description", "a long run"), null));
    expect(400, app.postJson("/api/spend", new JsonObject().put("amount", 10), null));

    JsonObject hold = new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 1000);
    String settled = expect(201, app.postJson("/api/budget/reservations", hold, null)).getString("id");
    expect(402, app.postJson("/api/budget/reservations", hold.copy().put("amount", 1_000_000), null));
    expect(200, app.postJson("/api/budget/reservations/" + settled + "/settle", new JsonObject().put("amount", 800),
        null));
    expect(409, admin(HttpMethod.DELETE, "/api/budget/reservations/" + settled).send().await());
    String released = expect(201, app.postJson("/api/budget/reservations", hold.copy().put("ttl_seconds", 60), null))
        .getString("id");
    expect(200, admin(HttpMethod.DELETE, "/api/budget/reservations/" + released).send().await());
    expect(409, app.postJson("/api/budget/reservations/" + released + "/settle", new JsonObject().put("amount", 1),
        null));
    expect(404, app.postJson("/api/budget/reservations/res_nothing/settle", new JsonObject().put("amount", 1), null));
    expect(400, admin(HttpMethod.DELETE, "/api/budget/reservations/not-an-id").send().await());

    JsonObject events = expect(200, app.get("/api/stripe/events?limit=5"));
    assertThat(events.getJsonArray("data")).isNotEmpty();
    expect(400, app.get("/api/stripe/events?starting_after=evt_never_stored"));
    expect(200, admin(HttpMethod.POST, "/api/stripe/events/" + poison.getString("id") + "/reprocess").send().await());
    expect(409, admin(HttpMethod.POST, "/api/stripe/events/" + paid.getString("id") + "/reprocess").send().await());
    expect(404, admin(HttpMethod.POST, "/api/stripe/events/evt_never_stored/reprocess").send().await());

    JsonObject reconcile = expect(200, app.get("/api/stripe/reconcile"));
    assertThat(reconcile.getBoolean("enabled")).isFalse();

    JsonObject ledger = expect(200, app.get("/api/budget/ledger?account=" + account + "&limit=100"));
    assertThat(ledger.getJsonArray("data").stream().map(e -> ((JsonObject) e).getString("kind")))
        .contains("credit", "spend", "alert");

    expect(200, app.get("/api/budget/ledger.csv?account=" + account));
    expect(200, app.get("/api/budget/agents?account=" + account));
    expect(200, app.get("/api/budget/reservations?account=" + account));
    expect(400, app.get("/api/budget/reservations?acount=" + account));
    JsonObject notifications = expect(200, app.get("/api/notifications?status=pending"));
    String alert = notifications.getJsonArray("data").getJsonObject(0).getString("id");
    expect(400, app.get("/api/notifications?status=lost"));
    expect(200, app.postJson("/api/notifications/" + alert + "/retry", new JsonObject(), null));
    expect(404, app.postJson("/api/notifications/ntf_never0stored/retry", new JsonObject(), null));

    // API keys (docs/api.md#keys-and-scopes): made, listed, used out of scope, revoked.
    JsonObject key = expect(201, app.postJson("/api/keys", new JsonObject().put("name", "contract").put("scope", "read")
        .put("accounts", new io.vertx.core.json.JsonArray().add(account)), null));
    expect(400, app.postJson("/api/keys", new JsonObject().put("name", "contract").put("scope", "read"), null));
    expect(200, app.get("/api/keys"));
    expect(403, app.client().get("/api/budget?account=someone-else").bearerTokenAuthentication(key.getString("key"))
        .send().await());
    expect(200, app.client().delete("/api/keys/" + key.getString("id")).bearerTokenAuthentication(TestApp.TOKEN)
        .send().await());
    expect(404, app.client().delete("/api/keys/key_never0stored").bearerTokenAuthentication(TestApp.TOKEN)
        .send().await());

    // The dashboard's routes (docs/dashboard.md).
    expect(303, app.client().post("/").followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", TestApp.TOKEN)).await());
    expect(401, app.client().post("/").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", "wrong")).await());
    expect(200, app.get("/api/budget/daily?account=" + account));
    expect(200, app.get("/api/budget/accounts?limit=5"));
    expect(200, app.get("/"));
    expect(200, app.get("/ui/app.js"));
    expect(406, app.get("/api/budget/stream"));
    app.openApi().check(HttpMethod.GET, "/api/budget/stream", streamHead(vertx)).await();

    HttpResponse<Buffer> document = app.get("/openapi.yaml");
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.body().getBytes()).isEqualTo(Files.readAllBytes(OpenApiCheck.DOCUMENT));
    expect(200, app.get("/metrics"));
    expect(404, app.get("/api/nothing-here"));

    Set<String> expected = new TreeSet<>(Set.of("receiveStripeEvent 400", "receiveStripeEvent 415",
        "getBudgetStatus 400", "getBudgetStatus 401", "addFunds 409", "addFunds 413", "addFunds 415",
        "recordSpend 400", "reserveBudget 402", "releaseReservation 409", "releaseReservation 400",
        "settleReservation 409", "settleReservation 404", "listStripeEvents 400", "reprocessStripeEvent 409",
        "reprocessStripeEvent 404", "undocumented 404", "streamBudgetChanges 406", "listOpenReservations 400",
        "signInToDashboard 401", "listNotifications 400", "retryNotification 404", "createKey 400",
        "getBudgetStatus 403", "revokeKey 404"));
    expected.addAll(successOfEveryOperation());
    assertThat(app.openApi().checked()).containsAll(expected);
  }

  @Test
  void aResponseThatDiffersFromTheDocumentFailsTheCheck(Vertx vertx) {
    HttpResponse<Buffer> status = app.get("/api/budget");
    HttpResponse<Buffer> unauthorized = app.client().get("/api/budget").send().await();
    assertThat(app.openApi().checked()).contains("getBudgetStatus 200", "getBudgetStatus 401");

    assertFails(vertx, status, "spent", doc -> {
      doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("BudgetStatus")
          .getJsonObject("properties").getJsonObject("spent").put("type", "string");
      return doc;
    });
    assertFails(vertx, status, "additional", doc -> {
      doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("BudgetStatus")
          .getJsonObject("properties").remove("reserved");
      return doc;
    });
    assertFails(vertx, status, "not documented", doc -> {
      doc.getJsonObject("paths").getJsonObject("/api/budget").getJsonObject("get").getJsonObject("responses")
          .remove("200");
      return doc;
    });
    assertFails(vertx, unauthorized, "unauthorized", doc -> {
      doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("UnauthorizedError")
          .getJsonArray("allOf").getJsonObject(1).getJsonObject("properties").getJsonObject("error")
          .getJsonObject("properties").getJsonObject("type").put("const", "forbidden");
      return doc;
    });
  }

  private static void assertFails(Vertx vertx, HttpResponse<Buffer> response, String reason,
                                  UnaryOperator<JsonObject> breakDocument) {
    OpenApiCheck broken = OpenApiCheck.of(vertx, breakDocument.apply(OpenApiCheck.document()));
    assertThatThrownBy(() -> broken.check(HttpMethod.GET, "/api/budget", response).await())
        .hasMessageContaining("GET /api/budget answered " + response.statusCode())
        .hasMessageContaining(reason);
  }

  /** {@code "operationId 2xx"} for every operation of the document. */
  private static Set<String> successOfEveryOperation() {
    Set<String> success = new TreeSet<>();
    JsonObject paths = OpenApiCheck.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths.getJsonObject(path).forEach(entry -> {
        JsonObject operation = (JsonObject) entry.getValue();
        // The sign-in's success is its redirect.
        String ok = operation.getJsonObject("responses").fieldNames().stream().filter(s -> s.startsWith("2"))
            .findFirst().orElse("303");
        success.add(operation.getString("operationId") + " " + ok);
      });
    }
    return success;
  }

  /** The stream never ends, so its head is checked as received: status and headers, no body yet. */
  private static HttpResponse<Buffer> streamHead(Vertx vertx) {
    HttpClient http = vertx.createHttpClient();
    try {
      HttpClientResponse head = http.request(new RequestOptions().setHost("127.0.0.1").setPort(app.port())
              .setURI("/api/budget/stream").putHeader("Accept", "text/event-stream")
              .putHeader("Authorization", "Bearer " + TestApp.TOKEN))
          .compose(HttpClientRequest::send).await();
      return new HttpResponseImpl<>(head.version(), head.statusCode(), head.statusMessage(), head.headers(),
          MultiMap.caseInsensitiveMultiMap(), List.of(), Buffer.buffer(), List.of());
    } finally {
      http.close().await();
    }
  }

  private static HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return app.client().request(method, uri).bearerTokenAuthentication(TestApp.TOKEN);
  }

  /** The JSON body, after checking the status (the client has already checked the rest). */
  private static JsonObject expect(int status, HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    String type = response.getHeader("Content-Type");
    return type != null && type.startsWith("application/json") ? response.bodyAsJsonObject() : null;
  }
}
