package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Agents spend against the budget: exact under concurrency, over HTTP and over the event bus. */
@ExtendWith(VertxExtension.class)
class SpendAndReservationsTest {
  private static TestApp app;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    app = TestApp.start(vertx, new JsonObject().put("RESERVATION_SWEEP_MS", 200));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static String fundedAccount(long amount) {
    String account = Events.newId("acct");
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", amount), null);
    return account;
  }

  private static Future<HttpResponse<Buffer>> reserveAsync(String account, long amount, long ttl) {
    return app.client().post("/api/budget/reservations").bearerTokenAuthentication(TestApp.TOKEN)
        .sendJsonObject(new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", amount)
            .put("currency", "usd").put("ttl_seconds", ttl));
  }

  private static HttpResponse<Buffer> spend(String account, long amount, String key) {
    return app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CONTENT")
        .put("amount", amount).put("currency", "usd").put("description", "draft"), key);
  }

  @Test
  void fiftyConcurrentReservationsAgainstABudgetThatFitsTenGrantExactlyTen() {
    String account = fundedAccount(1000);

    List<Future<HttpResponse<Buffer>>> all = IntStream.range(0, 50).mapToObj(i -> reserveAsync(account, 100, 300))
        .toList();
    Future.all(all).await();

    assertThat(all.stream().filter(f -> f.result().statusCode() == 201)).hasSize(10);
    List<HttpResponse<Buffer>> refused = all.stream().map(Future::result).filter(r -> r.statusCode() != 201).toList();
    assertThat(refused).hasSize(40).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(402);
      assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("insufficient_budget");
    });
    JsonObject status = app.budget(account);
    assertThat(status.getLong("reserved")).isEqualTo(1000);
    assertThat(status.getLong("remaining")).isZero();
    assertThat(app.count("select count(*) from reservation where account = $1 and status = 'held'", account))
        .isEqualTo(10);
  }

  @Test
  void fiftyConcurrentEnforcedSpendsNeverTakeTheBudgetBelowZero() {
    String account = fundedAccount(1000);

    List<Future<HttpResponse<Buffer>>> all = IntStream.range(0, 50).mapToObj(i -> app.client().post("/api/spend")
        .bearerTokenAuthentication(TestApp.TOKEN).sendJsonObject(new JsonObject().put("account", account)
            .put("agent", "CONTENT").put("amount", 100).put("enforce", true))).toList();
    Future.all(all).await();

    assertThat(all.stream().filter(f -> f.result().statusCode() == 200)).hasSize(10);
    assertThat(all.stream().map(Future::result).filter(r -> r.statusCode() != 200)).hasSize(40).allSatisfy(r ->
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("insufficient_budget"));
    JsonObject status = app.budget(account);
    assertThat(status.getLong("spent")).isEqualTo(1000);
    assertThat(status.getLong("remaining")).isZero();
    assertThat(app.count("select count(*) from ledger_entry where account = $1 and kind = 'spend'", account))
        .isEqualTo(10);
    // Without enforce, spend still always records: the cost was incurred.
    assertThat(spend(account, 250, null).statusCode()).isEqualTo(200);
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(-250);
  }

  @Test
  void requestsThatShareABatchKeepTheirOwnResults() {
    String account = fundedAccount(500);
    String key = account + "-key";
    spend(account, 100, key);

    // Sent together, so they share batches: each answers for itself, and none fails the others.
    List<Future<HttpResponse<Buffer>>> all = List.of(
        app.client().post("/api/spend").bearerTokenAuthentication(TestApp.TOKEN).putHeader("Idempotency-Key", key)
            .sendJsonObject(new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 999)),
        app.client().post("/api/budget/reservations/res_0123456789abcdef01234567/settle")
            .bearerTokenAuthentication(TestApp.TOKEN).sendJsonObject(new JsonObject().put("amount", 1)),
        reserveAsync(account, 10_000, 60),
        app.client().post("/api/spend").bearerTokenAuthentication(TestApp.TOKEN).putHeader("Idempotency-Key", key)
            .sendJsonObject(new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 100)
                .put("currency", "usd").put("description", "draft")),
        reserveAsync(account, 300, 60));
    Future.join(all).await();

    assertThat(all.stream().map(f -> f.result().statusCode()).toList()).containsExactly(409, 404, 402, 200, 201);
    JsonObject status = app.budget(account);
    assertThat(status.getLong("spent")).isEqualTo(100);
    assertThat(status.getLong("reserved")).isEqualTo(300);
  }

  @Test
  void twoHundredConcurrentSpendsWithRepeatedKeysGiveExactTotalsAndEachAlertOnce() {
    String account = fundedAccount(10_000);
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> listener = vertx.eventBus().consumer("billing.budget.alert", m -> {
      if (account.equals(m.body().getString("account"))) {
        alerts.add(m.body());
      }
    });
    listener.completion().await();

    // 150 distinct keys, and 50 requests repeating one of them: 150 spends of 100.
    List<Future<HttpResponse<Buffer>>> all = IntStream.range(0, 200).mapToObj(i -> {
      String key = account + "-spend-" + (i < 150 ? i : i % 150);
      return app.client().post("/api/spend").bearerTokenAuthentication(TestApp.TOKEN)
          .putHeader("Idempotency-Key", key)
          .sendJsonObject(new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 100)
              .put("currency", "usd"));
    }).toList();
    Future.join(all).await();

    assertThat(all).allSatisfy(f -> assertThat(f.result().statusCode()).isIn(200, 409));
    JsonObject status = app.budget(account);
    assertThat(status.getLong("spent")).isEqualTo(15_000);
    assertThat(status.getDouble("utilization")).isEqualTo(1.5);
    assertThat(status.getJsonArray("alerts")).isEqualTo(new JsonArray().add(50).add(80).add(100));
    assertThat(app.count("select count(*) from ledger_entry where account = $1 and kind = 'spend'", account))
        .isEqualTo(150);
    assertThat(app.query("select (metadata->>'threshold')::int as t from ledger_entry where account = $1 "
        + "and kind = 'alert' order by 1", account).stream().map(r -> r.getInteger("t")).toList())
        .containsExactly(50, 80, 100);
    awaitSize(alerts, 3);
    assertThat(alerts).extracting(a -> a.getInteger("threshold")).containsExactlyInAnyOrder(50, 80, 100);
    assertThat(alerts).allSatisfy(a -> assertThat(a.getString("state")).isEqualTo("fired"));

    // A top-up to 25,000: utilization 60%, so 80 and 100 recover and 50 stays.
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 15_000), null);
    awaitSize(alerts, 5);
    assertThat(app.budget(account).getJsonArray("alerts")).isEqualTo(new JsonArray().add(50));
    assertThat(alerts.subList(3, 5)).extracting(a -> a.getInteger("threshold") + " " + a.getString("state"))
        .containsExactlyInAnyOrder("80 recovered", "100 recovered");

    // Crossing 80% again fires it again.
    spend(account, 5_000, null);
    awaitSize(alerts, 6);
    assertThat(alerts.get(5).getInteger("threshold")).isEqualTo(80);
    listener.unregister().await();
  }

  @Test
  void settlingTwiceRecordsOnceAndReleasesTheHold() {
    String account = fundedAccount(1000);
    JsonObject reservation = reserveAsync(account, 400, 300).await().bodyAsJsonObject();
    String id = reservation.getString("id");
    assertThat(id).startsWith("res_");
    assertThat(reservation.getString("expires_at")).isNotBlank();
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(600);

    List<Future<HttpResponse<Buffer>>> settles = IntStream.range(0, 5).mapToObj(i -> app.client()
        .post("/api/budget/reservations/" + id + "/settle").bearerTokenAuthentication(TestApp.TOKEN)
        .sendJsonObject(new JsonObject().put("amount", 350))).toList();
    Future.all(settles).await();

    assertThat(settles).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
    JsonObject settled = settles.get(0).result().bodyAsJsonObject();
    assertThat(settled.fieldNames()).containsAll(reservation.fieldNames());
    assertThat(settled.getString("status")).isEqualTo("settled");
    assertThat(settled.getString("expires_at")).isEqualTo(reservation.getString("expires_at"));
    JsonObject status = app.budget(account);
    assertThat(status.getLong("spent")).isEqualTo(350);
    assertThat(status.getLong("reserved")).isZero();
    assertThat(status.getLong("remaining")).isEqualTo(650);
    assertThat(app.count("select count(*) from ledger_entry where money_key = $1", "reservation:" + id)).isEqualTo(1);

    HttpResponse<Buffer> release = app.client().delete("/api/budget/reservations/" + id)
        .bearerTokenAuthentication(TestApp.TOKEN).send().await();
    assertThat(release.statusCode()).isEqualTo(409);
  }

  @Test
  void releasingReturnsTheHoldOnceAndAReleasedReservationCannotBeSettled() {
    String account = fundedAccount(1000);
    String id = reserveAsync(account, 300, 300).await().bodyAsJsonObject().getString("id");

    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> released = app.client().delete("/api/budget/reservations/" + id)
          .bearerTokenAuthentication(TestApp.TOKEN).send().await();
      assertThat(released.statusCode()).isEqualTo(200);
      assertThat(released.bodyAsJsonObject().getString("status")).isEqualTo("released");
    }
    assertThat(app.budget(account).getLong("reserved")).isZero();
    HttpResponse<Buffer> settle = app.client().post("/api/budget/reservations/" + id + "/settle")
        .bearerTokenAuthentication(TestApp.TOKEN).sendJsonObject(new JsonObject().put("amount", 1)).await();
    assertThat(settle.statusCode()).isEqualTo(409);
    assertThat(settle.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("reservation_released");
    assertThat(app.client().delete("/api/budget/reservations/res_unknown").bearerTokenAuthentication(TestApp.TOKEN)
        .send().await().statusCode()).isEqualTo(404);
  }

  @Test
  void anExpiredReservationReturnsItsHoldAndStillRecordsItsSpend() throws InterruptedException {
    String account = fundedAccount(1000);
    String id = reserveAsync(account, 700, 1).await().bodyAsJsonObject().getString("id");
    assertThat(app.budget(account).getLong("reserved")).isEqualTo(700);

    Thread.sleep(1100);
    // Past its expiry the hold counts no more, before the sweeper has come by.
    assertThat(app.budget(account).getLong("reserved")).isZero();

    long deadline = System.currentTimeMillis() + 15_000;
    while (!app.query("select status from reservation where id = $1", id).get(0).getString("status").equals("expired")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(app.query("select status from reservation where id = $1", id).get(0).getString("status"))
        .isEqualTo("expired");
    assertThat(app.budget(account).getLong("reserved")).isZero();
    HttpResponse<Buffer> settle = app.client().post("/api/budget/reservations/" + id + "/settle")
        .bearerTokenAuthentication(TestApp.TOKEN).sendJsonObject(new JsonObject().put("amount", 200)).await();
    assertThat(settle.statusCode()).isEqualTo(200);
    assertThat(app.budget(account).getLong("spent")).isEqualTo(200);
    assertThat(app.budget(account).getLong("reserved")).isZero();
  }

  @Test
  void theCheckSaysWhetherAnAmountFits() {
    String account = fundedAccount(1000);
    spend(account, 250, null);

    JsonObject fits = app.get("/api/budget/check?account=" + account + "&amount=750").bodyAsJsonObject();
    JsonObject over = app.get("/api/budget/check?account=" + account + "&amount=751").bodyAsJsonObject();

    assertThat(fits).isEqualTo(new JsonObject().put("allowed", true).put("remaining", 750));
    assertThat(over).isEqualTo(new JsonObject().put("allowed", false).put("remaining", 750));
    assertThat(app.get("/api/budget/check?account=" + account + "&amount=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void spendAlwaysRecordsEvenBeyondTheBudgetAndKeysAreIdempotent() {
    String account = fundedAccount(100);

    HttpResponse<Buffer> over = spend(account, 500, "once-" + account);
    HttpResponse<Buffer> again = spend(account, 500, "once-" + account);

    assertThat(over.statusCode()).isEqualTo(200);
    assertThat(over.bodyAsJsonObject().getLong("remaining")).isEqualTo(-400);
    assertThat(again.bodyAsJsonObject().getLong("spent")).isEqualTo(500);
    assertThat(spend(account, 1, "once-" + account).statusCode()).isEqualTo(409);
    assertThat(app.postJson("/api/spend", new JsonObject().put("account", account).put("amount", 5), null)
        .statusCode()).isEqualTo(400);
  }

  /** Found by attacking the running jar (round 3, F5): one tenant's key blocked another tenant's spend (409). */
  @Test
  void anIdempotencyKeyBelongsToItsAccountSoAnotherTenantUsingItRecordsItsOwnSpend() {
    String first = fundedAccount(1000);
    String second = fundedAccount(1000);
    String shared = "run-" + Events.newId("k");

    assertThat(spend(first, 1, shared).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> other = spend(second, 500, shared);

    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(200);
    assertThat(other.bodyAsJsonObject().getLong("spent")).isEqualTo(500);
    assertThat(spend(second, 500, shared).bodyAsJsonObject().getLong("spent")).as("a repeat on its own account")
        .isEqualTo(500);
    assertThat(spend(second, 7, shared).statusCode()).as("another request under the same key, same account")
        .isEqualTo(409);
    assertThat(app.budget(first).getLong("spent")).isEqualTo(1);
  }

  @Test
  void theEventBusAnswersWithTheSameValidationAndErrorTypes() {
    String account = fundedAccount(1000);
    // A caller on the bus proves itself with the key in the message header token.
    DeliveryOptions withKey = new DeliveryOptions().addHeader("token", TestApp.TOKEN);

    JsonObject status = vertx.eventBus().<JsonObject>request("billing.budget.status",
        new JsonObject().put("account", account), withKey).await().body();
    ReplyException tooMuch = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus()
        .request("billing.budget.reserve", new JsonObject().put("account", account).put("agent", "A")
            .put("amount", 5000), withKey).await());
    ReplyException invalid = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus()
        .request("billing.spend.record", new JsonObject().put("account", account).put("agent", "A")
            .put("amount", "12"), withKey).await());
    ReplyException noKey = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus()
        .request("billing.spend.record", new JsonObject().put("account", account).put("agent", "A")
            .put("amount", 12)).await());
    JsonObject spent = vertx.eventBus().<JsonObject>request("billing.spend.record", new JsonObject()
        .put("account", account).put("agent", "A").put("amount", 12).put("idempotency_key", "bus-1"), withKey).await()
        .body();

    assertThat(noKey.getMessage()).isEqualTo("unauthorized");
    assertThat(noKey.failureCode()).isEqualTo(401);
    assertThat(status.getLong("budget")).isEqualTo(1000);
    assertThat(tooMuch.getMessage()).isEqualTo("insufficient_budget");
    assertThat(tooMuch.failureCode()).isEqualTo(402);
    assertThat(invalid.getMessage()).isEqualTo("invalid_request");
    assertThat(invalid.failureCode()).isEqualTo(400);
    assertThat(spent.getLong("spent")).isEqualTo(12);
  }

  private static void awaitSize(List<?> list, int size) {
    long deadline = System.currentTimeMillis() + 5000;
    while (list.size() < size && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(size);
  }
}
