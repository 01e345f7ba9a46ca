package dev.budgetsync.it;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.Receiver.Request;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.Trickler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Notifications from the real service to real local HTTP receivers: retried until a 2xx, signed so
 * that stripe-java verifies them, stopped by a 410, shaped for Slack, and never sent for a change
 * whose transaction rolled back. Retries are fast here (first after 100 ms).
 */
@ExtendWith(VertxExtension.class)
class NotificationDeliveryTest {
  static final String NOTIFY_SECRET = "nsec_test_0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestApp app;
  private Receiver receiver;

  /** The service, notifying {@code urls} with fast retries. */
  static TestApp start(Vertx vertx, String... urls) {
    return TestApp.start(vertx, new JsonObject().put("NOTIFY_URLS", String.join(",", urls))
        .put("NOTIFY_SECRET", NOTIFY_SECRET).put("NOTIFY_FIRST_RETRY_MS", 100).put("NOTIFY_POLL_MS", 50)
        .put("NOTIFY_TIMEOUT_MS", 2000));
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aReceiverThatFailsThreeTimesGetsTheAlertOnItsFourthAttemptSignedAsStripeSigns(Vertx vertx) throws Exception {
    receiver = Receiver.start(vertx, 0, (request, attempt) -> Reply.of(attempt < 3 ? 500 : 200));
    app = start(vertx, receiver.url("/hooks/budget"));
    String account = Events.newId("acct");
    long before = Instant.now().getEpochSecond();

    topUp(app, account, 1000);
    spend(app, account, 500);

    List<Request> attempts = receiver.await(all -> all.size() >= 4, WAIT);
    assertThat(attempts).hasSize(4).extracting(Request::attemptOfId).containsExactly(0, 1, 2, 3);
    assertThat(attempts).extracting(Request::body).containsOnly(attempts.get(0).body());
    for (Request attempt : attempts) {
      assertThat(attempt.path()).isEqualTo("/hooks/budget");
      assertThat(attempt.contentType()).isEqualTo("application/json");
      assertThat(attempt.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
      // Stripe's own verification code accepts it, keyed with NOTIFY_SECRET, and only with it.
      Webhook.Signature.verifyHeader(attempt.body(), attempt.signature(), NOTIFY_SECRET, 300);
      assertThat(catchThrowable(() -> Webhook.Signature.verifyHeader(attempt.body(), attempt.signature(),
          "nsec_another", 300))).isInstanceOf(SignatureVerificationException.class);
    }
    JsonObject alert = attempts.get(0).json();
    assertThat(alert.fieldNames()).containsExactly("id", "type", "created", "data");
    assertThat(alert.getString("id")).startsWith("ntf_");
    assertThat(alert.getString("type")).isEqualTo("budget.alert.fired");
    assertThat(alert.getLong("created")).isBetween(before, Instant.now().getEpochSecond());
    JsonObject data = alert.getJsonObject("data");
    assertThat(data.getString("account")).isEqualTo(account);
    assertThat(data.getString("month")).isEqualTo(TestApp.currentMonth());
    assertThat(data.getInteger("threshold")).isEqualTo(50);
    assertThat(data.getLong("spent")).isEqualTo(500);
    assertThat(data.getLong("budget")).isEqualTo(1000);
    assertThat(data.getJsonObject("display").getString("spent")).isEqualTo("$5.00");

    JsonObject stored = awaitNotification(app, alert.getString("id"), n -> n.getString("status").equals("delivered"));
    JsonObject delivery = stored.getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getInteger("destination")).isEqualTo(1);
    assertThat(delivery.getString("host")).isEqualTo("127.0.0.1");
    assertThat(delivery.getInteger("attempts")).isEqualTo(4);
    assertThat(delivery.getInteger("last_status")).isEqualTo(200);
    assertThat(delivery.getString("delivered_at")).isNotNull();
    assertThat(stored.getJsonObject("data")).isEqualTo(data);
    assertThat(receiver.requests()).hasSize(4);
  }

  @Test
  void a410StopsTheRetriesAndAManualRetrySendsItAgain(Vertx vertx) throws Exception {
    receiver = Receiver.answering(vertx, 410);
    app = start(vertx, receiver.url("/gone"));
    String account = Events.newId("acct");
    topUp(app, account, 1000);
    spend(app, account, 800);

    String id = receiver.await(all -> all.size() >= 2, WAIT).get(0).json().getString("id");
    JsonObject failed = awaitNotification(app, id, n -> n.getString("status").equals("failed"));
    assertThat(failed.getJsonArray("deliveries").getJsonObject(0).getString("last_error")).startsWith("410 Gone");
    // Ten times the first retry's delay: a retry would have come by now.
    Thread.sleep(1000);
    assertThat(receiver.requests()).filteredOn(r -> r.json().getString("id").equals(id)).hasSize(1);
    assertThat(ids(app.get("/api/notifications?status=failed"))).contains(id);
    assertThat(ids(app.get("/api/notifications?status=pending"))).doesNotContain(id);

    receiver.policy((request, attempt) -> Reply.of(204));
    HttpResponse<Buffer> retried = app.postJson("/api/notifications/" + id + "/retry", new JsonObject(), null);

    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.bodyAsJsonObject().getString("id")).isEqualTo(id);
    receiver.await(all -> all.stream().filter(r -> r.json().getString("id").equals(id)).count() == 2, WAIT);
    JsonObject delivered = awaitNotification(app, id, n -> n.getString("status").equals("delivered"));
    assertThat(delivered.getJsonArray("deliveries").getJsonObject(0).getInteger("attempts")).isEqualTo(2);
    assertThat(app.postJson("/api/notifications/ntf_unknown0/retry", new JsonObject(), null).statusCode())
        .isEqualTo(404);
    assertThat(app.postJson("/api/notifications/evt_1/retry", new JsonObject(), null).statusCode()).isEqualTo(400);
  }

  @Test
  void aSlackDestinationGetsSlacksIncomingWebhookMessage(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    app = start(vertx, "slack+" + receiver.url("/services/T000/B000/XXXXXXXX"));
    String account = Events.newId("acct");

    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "eur", account));
    assertThat(app.postEvent(event).bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");

    Request message = receiver.await(all -> !all.isEmpty(), WAIT).get(0);
    // Slack's documented shape: POST, Content-type application/json, a JSON object with a string "text".
    assertThat(message.path()).isEqualTo("/services/T000/B000/XXXXXXXX");
    assertThat(message.contentType()).isEqualTo("application/json");
    assertThat(message.json().fieldNames()).containsExactly("text");
    assertThat(message.json().getString("text"))
        .startsWith("budget-sync: Stripe event " + event.getString("id") + " (checkout.session.completed) needs review: ")
        .contains("Account " + account + ", amount €50.00.").endsWith(")");
  }

  @Test
  void aTimeoutIsRetriedAndItsErrorNeverShowsTheDestinationsSecretPath(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    receiver.hold();
    app = TestApp.start(vertx, new JsonObject().put("NOTIFY_URLS", "slack+" + receiver.url("/services/T0/B0/SECRETPART"))
        .put("NOTIFY_SECRET", NOTIFY_SECRET).put("NOTIFY_FIRST_RETRY_MS", 100).put("NOTIFY_POLL_MS", 50)
        .put("NOTIFY_TIMEOUT_MS", 300));
    String account = Events.newId("acct");
    topUp(app, account, 1000);
    spend(app, account, 500);

    String id = listed(app, "/api/notifications").getJsonObject(0).getString("id");
    JsonObject retrying = awaitNotification(app, id,
        n -> n.getJsonArray("deliveries").getJsonObject(0).getInteger("attempts") >= 2);
    receiver.release();

    JsonObject delivery = retrying.getJsonArray("deliveries").getJsonObject(0);
    assertThat(delivery.getString("status")).isEqualTo("pending");
    assertThat(delivery.getValue("last_status")).isNull();
    assertThat(delivery.getString("last_error")).isEqualTo("no answer: no whole answer within 300 ms");
  }

  /** A breaker's case: a byte a second kept a delivery's slot forever, since the timeout was an idle one. */
  @Test
  void aReceiverTricklingItsAnswerIsCutOffAtTheTimeoutAndRetried(Vertx vertx) {
    Trickler trickler = Trickler.start(vertx, 50);
    try {
      app = TestApp.start(vertx, new JsonObject().put("NOTIFY_URLS", trickler.url("/slow"))
          .put("NOTIFY_SECRET", NOTIFY_SECRET).put("NOTIFY_FIRST_RETRY_MS", 100).put("NOTIFY_POLL_MS", 50)
          .put("NOTIFY_TIMEOUT_MS", 500).put("NOTIFY_CONCURRENCY", 1));
      String account = Events.newId("acct");
      topUp(app, account, 1000);
      spend(app, account, 500);

      String id = listed(app, "/api/notifications").getJsonObject(0).getString("id");
      JsonObject retrying = awaitNotification(app, id,
          n -> n.getJsonArray("deliveries").getJsonObject(0).getInteger("attempts") >= 2);

      JsonObject delivery = retrying.getJsonArray("deliveries").getJsonObject(0);
      assertThat(delivery.getString("status")).isEqualTo("pending");
      assertThat(delivery.getString("last_error")).isEqualTo("no answer: no whole answer within 500 ms");
      assertThat(trickler.requests()).isGreaterThanOrEqualTo(2);
    } finally {
      app.stop();
      app = null;
      trickler.close();
    }
  }

  @Test
  void eventsStoredNeedsReviewOrFailedAreNotifiedWithTheirEventIds(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    app = start(vertx, receiver.url("/hooks"));
    String account = Events.newId("acct");
    JsonObject foreign = Events.wrap("checkout.session.completed", Events.paidSession(5000, "eur", account));
    JsonObject poison = Events.wrap("checkout.session.completed", Events.paidSession(700, "usd", account));
    poison.remove("created");
    JsonObject fine = Events.wrap("checkout.session.completed", Events.paidSession(700, "usd", account));

    assertThat(app.postEvent(foreign).bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");
    assertThat(app.postEvent(poison).bodyAsJsonObject().getString("outcome")).isEqualTo("failed");
    assertThat(app.postEvent(fine).bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
    assertThat(app.postEvent(foreign).bodyAsJsonObject().getString("outcome")).isEqualTo("duplicate");

    List<JsonObject> sent = receiver.await(all -> all.size() >= 2, WAIT).stream().map(Request::json).toList();
    assertThat(sent).extracting(n -> n.getString("type"))
        .containsExactlyInAnyOrder("stripe.event.needs_review", "stripe.event.failed");
    JsonObject review = sent.stream().filter(n -> n.getString("type").equals("stripe.event.needs_review"))
        .findFirst().orElseThrow().getJsonObject("data");
    assertThat(review.getString("event_id")).isEqualTo(foreign.getString("id"));
    assertThat(review.getString("account")).isEqualTo(account);
    assertThat(review.getLong("amount")).isEqualTo(5000);
    assertThat(review.getString("currency")).isEqualTo("eur");
    assertThat(review.getJsonObject("display").getString("amount")).isEqualTo("€50.00");
    JsonObject failed = sent.stream().filter(n -> n.getString("type").equals("stripe.event.failed"))
        .findFirst().orElseThrow().getJsonObject("data");
    assertThat(failed.getString("event_id")).isEqualTo(poison.getString("id"));
    assertThat(failed.getString("reason")).contains("created");
    assertThat(app.count("select count(*) from notification")).isEqualTo(2);
  }

  @Test
  void exhaustionAndRecoveryAreNotifiedOnceEach(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    app = start(vertx, receiver.url("/hooks"));
    String account = Events.newId("acct");
    topUp(app, account, 1000);
    spend(app, account, 600);
    spend(app, account, 500);
    spend(app, account, 100);
    topUp(app, account, 1000);

    List<JsonObject> sent = receiver.await(all -> all.size() >= 6, WAIT).stream().map(Request::json).toList();
    assertThat(sent).extracting(n -> n.getString("type") + " " + n.getJsonObject("data").getInteger("threshold", 0))
        .containsExactlyInAnyOrder("budget.alert.fired 50", "budget.alert.fired 80", "budget.alert.fired 100",
            "budget.exhausted 0", "budget.alert.recovered 80", "budget.alert.recovered 100");
    JsonObject exhausted = sent.stream().filter(n -> n.getString("type").equals("budget.exhausted"))
        .findFirst().orElseThrow().getJsonObject("data");
    assertThat(exhausted.getLong("remaining")).isEqualTo(-100);
    assertThat(exhausted.getJsonObject("display").getString("remaining")).isEqualTo("-$1.00");
  }

  /** A breaker's case: every reserve-all / release cycle fired budget.exhausted again. */
  @Test
  void takingAllThatRemainsAgainAfterAReleaseIsNoNewExhaustionButAfterATopUpItIs(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    app = start(vertx, receiver.url("/hooks"));
    String account = Events.newId("acct");
    topUp(app, account, 1000);
    for (int cycle = 0; cycle < 3; cycle++) {
      release(app, reserve(app, account, 1000));
    }
    String held = reserve(app, account, 1000);
    assertThat(exhaustedCount(app, account)).isEqualTo(1);

    topUp(app, account, 500);
    reserve(app, account, 500);
    release(app, held);
    reserve(app, account, 1000);

    assertThat(exhaustedCount(app, account)).isEqualTo(2);
  }

  private static long exhaustedCount(TestApp app, String account) {
    return app.count("select count(*) from notification where type = 'budget.exhausted' and body like '%' || $1 || '%'",
        account);
  }

  private static String reserve(TestApp app, String account, long amount) {
    HttpResponse<Buffer> answer = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", amount).put("ttl_seconds", 300), null);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    return answer.bodyAsJsonObject().getString("id");
  }

  private static void release(TestApp app, String reservation) {
    HttpResponse<Buffer> answer = app.client().delete("/api/budget/reservations/" + reservation)
        .bearerTokenAuthentication(TestApp.TOKEN).send().await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
  }

  @Test
  void nothingIsWrittenOrSentForAChangeWhoseTransactionRolledBack(Vertx vertx) {
    receiver = Receiver.answering(vertx, 200);
    app = start(vertx, receiver.url("/hooks"));
    // The commit of any spend of a doomed account fails, after its alerts and notifications were written.
    app.query("create function refuse_doomed() returns trigger language plpgsql as $$ begin "
        + "raise exception 'refused by the test'; end $$");
    app.query("create constraint trigger refuse_doomed after insert on ledger_entry deferrable initially deferred "
        + "for each row when (new.account like 'doomed%' and new.kind = 'spend') execute function refuse_doomed()");
    String doomed = Events.newId("doomed");
    String control = Events.newId("acct");
    topUp(app, doomed, 1000);
    topUp(app, control, 1000);

    HttpResponse<Buffer> refused = app.postJson("/api/spend", spendBody(doomed, 1000), null);
    spend(app, control, 1000);

    assertThat(refused.statusCode()).isEqualTo(500);
    List<Request> sent = receiver.await(all -> all.size() >= 4, WAIT);
    assertThat(sent).extracting(r -> r.json().getJsonObject("data").getString("account")).containsOnly(control);
    assertThat(app.count("select count(*) from notification where body like '%' || $1 || '%'", doomed)).isZero();
    assertThat(app.count("select count(*) from notification where body like '%' || $1 || '%'", control)).isEqualTo(4);
    assertThat(app.budget(doomed).getLong("spent")).isZero();
  }

  @Test
  void theListFiltersByStatusAndPagesNewestFirst(Vertx vertx) {
    receiver = Receiver.start(vertx, 0, (request, attempt) ->
        Reply.of(request.json().getJsonObject("data").getInteger("threshold", 0) == 80 ? 410 : 200));
    app = start(vertx, receiver.url("/hooks"));
    String account = Events.newId("acct");
    topUp(app, account, 1000);
    spend(app, account, 500);
    spend(app, account, 300);
    spend(app, account, 200);
    receiver.await(all -> all.size() >= 4, WAIT);
    awaitNotification(app, receiver.requests().get(0).json().getString("id"), n -> !n.getString("status").equals("pending"));

    JsonArray all = listed(app, "/api/notifications?limit=10");
    JsonArray firstTwo = listed(app, "/api/notifications?limit=2");
    String second = firstTwo.getJsonObject(1).getString("id");
    JsonArray rest = listed(app, "/api/notifications?limit=10&starting_after=" + second);

    assertThat(all).hasSize(4);
    assertThat(all.stream().map(o -> ((JsonObject) o).getLong("created")).toList()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(firstTwo.getJsonObject(0).getString("id")).isEqualTo(all.getJsonObject(0).getString("id"));
    assertThat(rest).hasSize(2);
    assertThat(rest.getJsonObject(0).getString("id")).isEqualTo(all.getJsonObject(2).getString("id"));
    awaitList(app, "failed", 1);
    awaitList(app, "delivered", 3);
    assertThat(app.get("/api/notifications?status=sent").statusCode()).isEqualTo(400);
    assertThat(app.get("/api/notifications?starting_after=ntf_nosuch").statusCode()).isEqualTo(400);
  }

  static void topUp(TestApp app, String account, long amount) {
    assertThat(app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", amount), null)
        .statusCode()).isEqualTo(200);
  }

  static void spend(TestApp app, String account, long amount) {
    HttpResponse<Buffer> answer = app.postJson("/api/spend", spendBody(account, amount), null);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject spendBody(String account, long amount) {
    return new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", amount);
  }

  private static List<String> ids(HttpResponse<Buffer> page) {
    assertThat(page.statusCode()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  private static JsonArray listed(TestApp app, String uri) {
    HttpResponse<Buffer> page = app.get(uri);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("data");
  }

  private static void awaitList(TestApp app, String status, int size) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (listed(app, "/api/notifications?status=" + status).size() != size) {
      assertThat(System.nanoTime()).as("%d %s notifications", size, status).isLessThan(deadline);
      sleep();
    }
  }

  /** The stored notification {@code id} once {@code until} holds for it, as the admin route shows it. */
  static JsonObject awaitNotification(TestApp app, String id, Predicate<JsonObject> until) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonObject found = listed(app, "/api/notifications?limit=100").stream().map(o -> (JsonObject) o)
          .filter(n -> n.getString("id").equals(id)).findFirst().orElse(null);
      if (found != null && until.test(found)) {
        return found;
      }
      assertThat(System.nanoTime()).as("notification %s as expected; now %s", id, found).isLessThan(deadline);
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
