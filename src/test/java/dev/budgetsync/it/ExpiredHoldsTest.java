package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hold that expired is given back once, whoever gives it back first: the sweeper, or the batch of
 * a request on its month. Found by attacking the running jar (round 2, finding 1): a settle or a
 * release after expiry, before the sweeper came by, gave the hold back twice. The sweep sharing a
 * batch with a new reservation (finding 3) is {@code store.AgentLedgerExpiryTest}, where the batch is
 * chosen rather than timed.
 */
@ExtendWith(VertxExtension.class)
class ExpiredHoldsTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void settlingOrReleasingAnExpiredHoldBeforeTheSweeperGivesItBackOnce(Vertx vertx) throws Exception {
    // The sweeper never comes by during the test: the request's own batch expires the hold.
    app = TestApp.start(vertx, new JsonObject().put("RESERVATION_SWEEP_MS", 3_600_000));
    String settled = funded(1000);
    String settledHold = reserve(settled, 1000, 1).bodyAsJsonObject().getString("id");
    String released = funded(500);
    String releasedHold = reserve(released, 500, 1).bodyAsJsonObject().getString("id");
    Thread.sleep(1100);

    assertThat(post("/api/budget/reservations/" + settledHold + "/settle", new JsonObject().put("amount", 0))
        .statusCode()).isEqualTo(200);
    assertThat(app.client().delete("/api/budget/reservations/" + releasedHold).bearerTokenAuthentication(TestApp.TOKEN)
        .send().await().statusCode()).isEqualTo(200);

    assertThat(app.budget(settled).getLong("remaining")).isEqualTo(1000);
    assertThat(app.budget(released).getLong("remaining")).isEqualTo(500);
    assertThat(post("/api/spend", new JsonObject().put("account", settled).put("agent", "x").put("amount", 2000)
        .put("enforce", true)).statusCode()).isEqualTo(402);
    assertThat(post("/api/budget/reservations", new JsonObject().put("account", settled).put("agent", "x")
        .put("amount", 1001)).statusCode()).isEqualTo(402);
    assertReservedIsWhatIsHeld(settled);
    assertReservedIsWhatIsHeld(released);
  }

  private String funded(long amount) {
    String account = Events.newId("acct");
    assertThat(post("/api/budget/funds", new JsonObject().put("account", account).put("amount", amount)).statusCode())
        .isEqualTo(200);
    return account;
  }

  private HttpResponse<Buffer> reserve(String account, long amount, long ttlSeconds) {
    return post("/api/budget/reservations", new JsonObject().put("account", account).put("agent", "x")
        .put("amount", amount).put("ttl_seconds", ttlSeconds));
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body) {
    return app.postJson(uri, body, null);
  }

  private void assertReservedIsWhatIsHeld(String account) {
    long reserved = app.query("select reserved from budget_month where account = $1", account).get(0).getLong(0);
    long held = app.count("select coalesce(sum(amount), 0) from reservation where account = $1 and status = 'held'",
        account);
    assertThat(reserved).as("budget_month.reserved of %s", account).isEqualTo(held).isNotNegative();
  }
}
