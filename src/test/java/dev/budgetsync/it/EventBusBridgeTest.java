package dev.budgetsync.it;

import dev.budgetsync.support.BridgeSocket;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.budgetsync.support.BridgeSocket.frame;
import static org.assertj.core.api.Assertions.assertThat;

/** Services outside the JVM call billing through the TCP bridge: only with the token, only the contract's addresses. */
@ExtendWith(VertxExtension.class)
class EventBusBridgeTest {
  private static final String BLOCKED = "blocked by bridgeEvent handler";
  private static TestApp app;
  private static Vertx vertx;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    bridgePort = freePort();
    app = TestApp.start(vertx, new JsonObject().put("EVENTBUS_BRIDGE_PORT", bridgePort));
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

  @Test
  void aRequestWithTheTokenIsAnsweredAndTheTokenGoesNoFurther() {
    String account = fundedAccount(1000);
    List<MultiMap> delivered = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> recorder = ctx -> {
      if (ctx.message().address().equals("billing.budget.status")) {
        delivered.add(ctx.message().headers());
      }
      ctx.next();
    };
    vertx.eventBus().addInboundInterceptor(recorder);
    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      JsonObject request = frame("send", "billing.budget.status", TestApp.TOKEN, new JsonObject().put("account", account))
          .put("replyAddress", "r1");
      request.getJsonObject("headers").put("x-request-id", "req-42");
      bridge.write(request);
      JsonObject reply = bridge.read();

      assertThat(reply.getString("type")).isEqualTo("message");
      assertThat(reply.getString("address")).isEqualTo("r1");
      JsonObject body = reply.getJsonObject("body");
      assertThat(body.getString("account")).isEqualTo(account);
      assertThat(body.getString("month")).isEqualTo(TestApp.currentMonth());
      assertThat(body.getLong("budget")).isEqualTo(1000);
      assertThat(body.getLong("spent")).isZero();
      assertThat(body.getLong("remaining")).isEqualTo(1000);
    } finally {
      vertx.eventBus().removeInboundInterceptor(recorder);
    }
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).get("x-request-id")).isEqualTo("req-42");
    assertThat(delivered.get(0).names()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
  }

  @Test
  void aFrameWithoutTheRightTokenIsRefusedBeforeAnyConsumer() {
    String account = fundedAccount(1000);
    JsonObject spend = new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 300);

    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      JsonObject noToken = bridge.request("billing.spend.record", null, spend, "r1");
      JsonObject wrongToken = bridge.request("billing.spend.record", TestApp.TOKEN + "x", spend, "r2");
      bridge.write(frame("send", "billing.spend.record", null, spend));
      JsonObject fireAndForget = bridge.read();
      bridge.write(frame("publish", "billing.spend.record", null, spend));
      JsonObject published = bridge.read();
      bridge.write(frame("register", "billing.budget.updated", null, null));
      JsonObject register = bridge.read();

      assertThat(List.of(noToken, wrongToken, fireAndForget, published, register)).allSatisfy(err -> {
        assertThat(err.getString("type")).isEqualTo("err");
        assertThat(err.getString("message")).isEqualTo(BLOCKED);
      });
      // The connection stays usable: the same socket with the token is served.
      JsonObject check = bridge.request("billing.budget.check", TestApp.TOKEN,
          new JsonObject().put("account", account).put("amount", 1000), "r3");
      assertThat(check.getJsonObject("body")).isEqualTo(new JsonObject().put("allowed", true).put("remaining", 1000));
    }
    assertThat(app.budget(account).getLong("spent")).isZero();
    assertThat(app.count("select count(*) from ledger_entry where account = $1 and kind = 'spend'", account)).isZero();
  }

  @Test
  void addressesOutsideTheContractAreRefusedEvenWithTheToken() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account));

    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      JsonObject webhook = bridge.request("billing.stripe.webhook", TestApp.TOKEN,
          new JsonObject().put("event", event), "r1");
      JsonObject ready = bridge.request("billing.health.ready", TestApp.TOKEN, new JsonObject(), "r2");
      bridge.write(frame("register", "billing.spend.record", TestApp.TOKEN, null));
      JsonObject stealRequests = bridge.read();

      assertThat(List.of(webhook, ready, stealRequests)).allSatisfy(err -> {
        assertThat(err.getString("type")).isEqualTo("err");
        assertThat(err.getString("message")).isEqualTo("access_denied");
      });
    }
    assertThat(app.count("select count(*) from stripe_event where id = $1", event.getString("id"))).isZero();
    assertThat(app.budget(account).getLong("budget")).isZero();
  }

  @Test
  void aReservationThatDoesNotFitAnswersTheBillingFailure() {
    String account = fundedAccount(1000);
    JsonObject reserve = new JsonObject().put("account", account).put("agent", "CONTENT").put("amount", 5000);

    try (BridgeSocket bridge = new BridgeSocket(bridgePort)) {
      JsonObject tooMuch = bridge.request("billing.budget.reserve", TestApp.TOKEN, reserve, "r-reserve");
      JsonObject invalid = bridge.request("billing.budget.reserve", TestApp.TOKEN, reserve.copy().put("amount", "12"),
          "r-invalid");

      assertThat(tooMuch).isEqualTo(new JsonObject().put("type", "err").put("address", "r-reserve")
          .put("sourceAddress", "billing.budget.reserve").put("failureCode", 402)
          .put("failureType", "RECIPIENT_FAILURE").put("message", "insufficient_budget"));
      assertThat(invalid.getString("type")).isEqualTo("err");
      assertThat(invalid.getString("address")).isEqualTo("r-invalid");
      assertThat(invalid.getInteger("failureCode")).isEqualTo(400);
      assertThat(invalid.getString("message")).isEqualTo("invalid_request");
    }
    assertThat(app.budget(account).getLong("reserved")).isZero();
  }

  @Test
  void aClientReservesSettlesAndHearsTheBudgetChange() {
    String account = fundedAccount(1000);

    try (BridgeSocket listener = new BridgeSocket(bridgePort); BridgeSocket client = new BridgeSocket(bridgePort)) {
      listener.write(frame("register", "billing.budget.updated", TestApp.TOKEN, null));
      // Frames of one socket are handled in order: the pong means the registration is in place.
      listener.write(new JsonObject().put("type", "ping"));
      assertThat(listener.read().getString("type")).isEqualTo("pong");

      JsonObject reserved = client.request("billing.budget.reserve", TestApp.TOKEN, new JsonObject()
          .put("account", account).put("agent", "CONTENT").put("amount", 400).put("ttl_seconds", 60), "r1")
          .getJsonObject("body");
      assertThat(reserved.getString("id")).startsWith("res_");
      assertThat(reserved.getJsonObject("budget").getLong("remaining")).isEqualTo(600);

      JsonObject settled = client.request("billing.budget.settle", TestApp.TOKEN,
          new JsonObject().put("id", reserved.getString("id")).put("amount", 350), "r2").getJsonObject("body");
      assertThat(settled.getJsonObject("budget").getLong("spent")).isEqualTo(350);
      assertThat(settled.getJsonObject("budget").getLong("reserved")).isZero();

      JsonObject update = listener.read();
      assertThat(update.getString("type")).isEqualTo("message");
      assertThat(update.getString("address")).isEqualTo("billing.budget.updated");
      assertThat(update.getJsonObject("body"))
          .isEqualTo(new JsonObject().put("account", account).put("month", TestApp.currentMonth()));
    }
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(650);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
