package dev.budgetsync.attack;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.LogCapture;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request body may cost before anyone knows who sent it. The webhook's signature header is
 * judged before a byte of the body is read; every body has its route's limit; all bodies being read
 * share one budget (here the smallest, 1 MiB: one webhook at a time); a body that stalls is cut off.
 * Each refusal comes before the body, and closes the connection.
 */
@ExtendWith(VertxExtension.class)
class BodyBoundsTest {
  private static final String ZEROS = "0".repeat(64);
  private static final int MIB = 1024 * 1024;
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx, new JsonObject().put("HTTP_BODY_BUFFER_BYTES", MIB).put("HTTP_READ_TIMEOUT_MS", 1000));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static RawHttp webhookHead(long contentLength, String signature) {
    return new RawHttp(app.port()).head("POST /api/webhooks/stripe HTTP/1.1", "Content-Type: application/json",
        "Content-Length: " + contentLength, "Stripe-Signature: " + signature);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t=1,v1=0000000000000000000000000000000000000000000000000000000000000000", "garbage", "t=1",
      "v1=0000000000000000000000000000000000000000000000000000000000000000", ""})
  void aBadSignatureHeaderIsAnsweredBeforeTheBodyIsSent(String signature) {
    try (RawHttp upload = webhookHead(MIB, signature)) {
      String answer = upload.answer();

      assertThat(answer).startsWith("HTTP/1.1 400").contains("\"invalid_signature\"");
      assertThat(upload.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeItIsSent() {
    try (RawHttp upload = webhookHead(2L * MIB, "t=" + StripeSigning.now() + ",v1=" + ZEROS)) {
      assertThat(upload.answer()).startsWith("HTTP/1.1 413").contains("\"payload_too_large\"");
      assertThat(upload.closedByServer()).isTrue();
    }
  }

  @Test
  void pastTheBudgetRequestsAreOverloadedAndAStalledBodyIsCutOff() {
    long events = app.count("select count(*) from stripe_event");
    String account = Events.newId("acct");
    try (RawHttp stalled = webhookHead(MIB, "t=" + StripeSigning.now() + ",v1=" + ZEROS)) {
      // Its share (1 MiB, all of the budget) is held while the body trickles in.
      stalled.send(new byte[1000]);
      HttpResponse<Buffer> webhook = app.postEvent(Events.wrap("checkout.session.completed",
          Events.paidSession(500, "usd", account)));
      HttpResponse<Buffer> spend = app.postJson("/api/spend", new JsonObject().put("account", account)
          .put("agent", "A").put("amount", 10), null);

      assertThat(List.of(webhook, spend)).allSatisfy(refused -> {
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("overloaded");
      });
      assertThat(stalled.answer()).startsWith("HTTP/1.1 408").contains("\"request_timeout\"");
      assertThat(stalled.closedByServer()).isTrue();
    }
    assertThat(app.count("select count(*) from stripe_event")).isEqualTo(events);
    assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isZero();

    // The cut-off body gave its share back.
    HttpResponse<Buffer> credited = app.postEvent(Events.wrap("checkout.session.completed",
        Events.paidSession(500, "usd", account)));
    assertThat(credited.statusCode()).isEqualTo(200);
    assertThat(credited.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
  }

  @Test
  void invalidSignaturesAreLoggedOnceASecondWithTheReasonAndTheRemoteAddress() {
    String event = Events.wrap("checkout.session.completed", Events.paidSession(500, "usd", "x")).encode();
    List<ILoggingEvent> warnings;
    long started = System.nanoTime();
    try (LogCapture logs = new LogCapture()) {
      for (int i = 0; i < 50; i++) {
        assertThat(app.postWebhook(event, "t=" + StripeSigning.now() + ",v1=" + ZEROS).statusCode()).isEqualTo(400);
      }
      warnings = logs.from("dev.budgetsync").stream()
          .filter(e -> e.getFormattedMessage().contains("invalid Stripe-Signature")).toList();
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;

    assertThat(warnings).hasSizeBetween(1, (int) seconds + 2);
    assertThat(warnings.get(0).getLevel().toString()).isEqualTo("WARN");
    assertThat(warnings.get(0).getFormattedMessage()).contains("127.0.0.1").contains("MISMATCH")
        .contains("no signature matches");
  }
}
