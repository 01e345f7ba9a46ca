package dev.budgetsync.it;

import dev.budgetsync.ClusterMode;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.StripeSigning;
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
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics} on the service as {@code java -jar} builds it (a Vert.x with Micrometer
 * metrics): the domain meters count what the webhooks and spends did, beside Vert.x's own meters.
 * Each check compares two scrapes, so it holds whatever ran before in this JVM.
 */
@ExtendWith(VertxExtension.class)
class MetricsTest {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final String CHECKOUT = "checkout.session.completed";
  private static final String WEBHOOK_OK = series("vertx_http_server_requests_total",
      "code", "200", "method", "POST", "route", "/api/webhooks/stripe");

  private static Vertx vertx;
  private static TestApp app;

  @BeforeAll
  static void start() {
    vertx = ClusterMode.fromEnvironment(Map.of()).start().await();
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
    vertx.close().await();
  }

  @Test
  void domainMetersCountWebhooksMoneySignatureFailuresAndAlerts() {
    Map<String, Double> before = scrape(app);
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    JsonObject paid = Events.wrap(CHECKOUT, session);
    assertThat(outcome(app.postEvent(paid))).isEqualTo("credited");
    assertThat(outcome(app.postEvent(paid))).isEqualTo("duplicate");
    String payload = Events.wrap(CHECKOUT, Events.paidSession(100, "usd", account)).encode();
    long now = StripeSigning.now();
    assertThat(app.postWebhook(payload, StripeSigning.header("whsec_wrong", payload)).statusCode()).isEqualTo(400);
    assertThat(app.postWebhook(payload, null).statusCode()).isEqualTo(400);
    assertThat(app.postWebhook(payload, "garbage").statusCode()).isEqualTo(400);
    assertThat(app.postWebhook(payload, StripeSigning.header(TestApp.SECRET, now - 301, payload)).statusCode())
        .isEqualTo(400);
    JsonObject refund = new JsonObject().put("id", Events.newId("re")).put("amount", 1500).put("status", "succeeded");
    JsonObject charge = Events.charge(Events.newId("ch"), session.getString("payment_intent"), 5000, 1500,
        new JsonArray().add(refund));
    assertThat(outcome(app.postEvent(Events.wrap("charge.refunded", charge)))).isEqualTo("debited");
    // 2000 of a 3500 budget: past 50%, short of 80%.
    assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
        .put("amount", 2000).put("currency", "usd"), null).statusCode()).isEqualTo(200);

    Map<String, Double> after = scrape(app);

    assertThat(delta(before, after, series("budget_sync_events_total", "outcome", "credited", "type", CHECKOUT)))
        .isEqualTo(1);
    assertThat(delta(before, after, series("budget_sync_events_total", "outcome", "duplicate", "type", CHECKOUT)))
        .isEqualTo(1);
    assertThat(delta(before, after,
        series("budget_sync_events_total", "outcome", "debited", "type", "charge.refunded"))).isEqualTo(1);
    assertThat(delta(before, after, series("budget_sync_money_credited_minor_units_total", "currency", "usd")))
        .isEqualTo(5000);
    assertThat(delta(before, after, series("budget_sync_money_debited_minor_units_total", "currency", "usd")))
        .isEqualTo(1500);
    for (String reason : new String[] {"mismatch", "missing", "malformed", "stale"}) {
      assertThat(delta(before, after, series("budget_sync_signature_failures_total", "reason", reason)))
          .as(reason).isEqualTo(1);
    }
    // Three events reached billing (credit, duplicate, refund); refused signatures are not timed.
    assertThat(delta(before, after, series("budget_sync_webhook_latency_seconds_count"))).isEqualTo(3);
    assertThat(delta(before, after, series("budget_sync_webhook_latency_seconds_bucket", "le", "+Inf"))).isEqualTo(3);
    assertThat(after).containsKey(series("budget_sync_webhook_latency_seconds_bucket", "le", "0.25"));
    // Sent one at a time, each event is a batch of one.
    assertThat(delta(before, after, series("budget_sync_group_commit_batch_size_count", "path", "webhook")))
        .isEqualTo(3);
    assertThat(delta(before, after, series("budget_sync_group_commit_batch_size_sum", "path", "webhook")))
        .isEqualTo(3);
    assertThat(delta(before, after, series("budget_sync_alerts_total", "threshold", "50"))).isEqualTo(1);
    String notReached = series("budget_sync_alerts_total", "threshold", "80");
    assertThat(after.getOrDefault(notReached, 0.0)).isEqualTo(before.getOrDefault(notReached, 0.0));
    // Vert.x's own: the HTTP server by route, the SQL pool, the JVM.
    assertThat(delta(before, after, WEBHOOK_OK)).isEqualTo(3);
    assertThat(after.entrySet()).anyMatch(sample -> sample.getKey().startsWith("vertx_pool_completed_total{")
        && sample.getKey().contains("pool_type=\"sql\"") && sample.getValue() > 0);
    assertThat(after.keySet()).anyMatch(key -> key.startsWith("jvm_memory_used_bytes{"));
  }

  @Test
  void agentSpendAndManualTopUpsAreCountedOnceInMinorUnits() {
    Map<String, Double> before = scrape(app);
    String account = Events.newId("acct");
    String funds = Events.newId("funds");
    String spend = Events.newId("spend");
    for (int i = 0; i < 2; i++) {
      assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000), funds)
          .statusCode()).isEqualTo(200);
      assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
          .put("amount", 250), spend).statusCode()).isEqualTo(200);
    }
    String hold = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", 400), null).bodyAsJsonObject().getString("id");
    for (int i = 0; i < 2; i++) {
      assertThat(app.postJson("/api/budget/reservations/" + hold + "/settle", new JsonObject().put("amount", 300), null)
          .statusCode()).isEqualTo(200);
    }

    Map<String, Double> after = scrape(app);

    assertThat(delta(before, after, series("budget_sync_money_topped_up_minor_units_total", "currency", "usd")))
        .isEqualTo(1000);
    assertThat(delta(before, after, series("budget_sync_money_spent_minor_units_total", "currency", "usd")))
        .isEqualTo(550);
  }

  @Test
  void metricsNeedTheAdminToken() {
    HttpResponse<Buffer> anonymous = app.client().get("/metrics").send().await();
    HttpResponse<Buffer> wrong = app.client().get("/metrics").bearerTokenAuthentication("nope").send().await();
    HttpResponse<Buffer> authorized = app.get("/metrics");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.bodyAsString()).doesNotContain("budget_sync_");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(authorized.statusCode()).isEqualTo(200);
    assertThat(authorized.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(authorized.bodyAsString()).contains("# TYPE budget_sync_signature_failures_total counter");
  }

  @Test
  void onAVertxWithoutMetricsTheDomainMetersAreStillServed(Vertx plain) {
    TestApp alone = TestApp.start(plain);
    try {
      Map<String, Double> before = scrape(alone);
      String account = Events.newId("acct");
      assertThat(outcome(alone.postEvent(Events.wrap(CHECKOUT, Events.paidSession(700, "usd", account)))))
          .isEqualTo("credited");

      Map<String, Double> after = scrape(alone);

      assertThat(delta(before, after, series("budget_sync_events_total", "outcome", "credited", "type", CHECKOUT)))
          .isEqualTo(1);
      assertThat(delta(before, after, series("budget_sync_money_credited_minor_units_total", "currency", "usd")))
          .isEqualTo(700);
      assertThat(after.keySet()).noneMatch(key -> key.startsWith("vertx_"));
    } finally {
      alone.stop();
    }
  }

  @Test
  void notificationMetersCountAttemptsByDestinationAndShowWhatIsPending(Vertx plain) {
    // A Vert.x of its own: two services on one event bus would share their billing addresses.
    Receiver receiver = Receiver.start(plain, 0, (request, attempt) -> Reply.of(attempt == 0 ? 500 : 200));
    Receiver slack = Receiver.start(plain, 0, (request, attempt) -> Reply.of(attempt == 0 ? 500 : 200));
    TestApp notifying = TestApp.start(plain, new JsonObject()
        .put("NOTIFY_URLS", receiver.url("/hooks") + ",slack+" + slack.url("/services/T0/B0/XYZ"))
        .put("NOTIFY_SECRET", "nsec_metrics_0123456789").put("NOTIFY_FIRST_RETRY_MS", 100).put("NOTIFY_POLL_MS", 50));
    try {
      Map<String, Double> before = scrape(notifying);
      String account = Events.newId("acct");
      notifying.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000), null);
      receiver.hold();
      slack.hold();
      notifying.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
          .put("amount", 500), null);
      String pending = series("budget_sync_notifications_pending", "destination", "1");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (scrape(notifying).getOrDefault(pending, 0.0) < 1 && System.nanoTime() < deadline) {
        sleep(50);
      }
      assertThat(scrape(notifying).get(pending)).isEqualTo(1);
      receiver.release();
      slack.release();
      receiver.await(all -> all.size() == 2, Duration.ofSeconds(20));
      slack.await(all -> all.size() == 2, Duration.ofSeconds(20));
      while (scrape(notifying).getOrDefault(pending, 1.0) > 0 && System.nanoTime() < deadline) {
        sleep(50);
      }

      Map<String, Double> after = scrape(notifying);

      for (String destination : List.of("1", "2")) {
        assertThat(delta(before, after, series("budget_sync_notifications_attempts_total", "destination", destination,
            "result", "5xx"))).isEqualTo(1);
        assertThat(delta(before, after, series("budget_sync_notifications_attempts_total", "destination", destination,
            "result", "2xx"))).isEqualTo(1);
        assertThat(delta(before, after, series("budget_sync_notifications_failures_total", "destination", destination)))
            .isZero();
        assertThat(after.get(series("budget_sync_notifications_pending", "destination", destination))).isZero();
      }
      assertThat(after.keySet()).noneMatch(key -> key.contains("/hooks") || key.contains("XYZ"));
    } finally {
      notifying.stop();
      receiver.close();
      slack.close();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String outcome(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("outcome");
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
    assertThat(after).as("scraped series").containsKey(series);
    return after.get(series) - before.getOrDefault(series, 0.0);
  }

  /** The samples of a scrape in the Prometheus text format, keyed as {@link #series} writes them. */
  private static Map<String, Double> scrape(TestApp target) {
    HttpResponse<Buffer> response = target.get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.bodyAsString().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as(line).isTrue();
      Map<String, String> labels = new TreeMap<>();
      if (sample.group(2) != null) {
        Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
    }
    return samples;
  }

  /** A series' key: its name and its labels in name order, e.g. {@code series("m", "b", "2", "a", "1")}. */
  private static String series(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return key(name, labels);
  }

  private static String key(String name, Map<String, String> labels) {
    StringBuilder key = new StringBuilder(name).append('{');
    labels.forEach((label, value) -> key.append(label).append("=\"").append(value).append("\","));
    return key.append('}').toString();
  }
}
