package dev.budgetsync.attack;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.UncheckedIOException;
import java.util.Arrays;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body that arrives within {@code HTTP_READ_TIMEOUT_MS} is read and processed, however short
 * {@code BILLING_TIMEOUT_MS} is: the route's last-resort timeout leaves room for both. Found by
 * attacking the running jar (round 2, finding 12): with a read timeout longer than the billing timeout
 * + 5 s, a slow but legal upload was cut off with 503 while its body was still arriving.
 */
@ExtendWith(VertxExtension.class)
class SlowBodyTimeoutTest {
  private TestApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  @Test
  void aSlowButLegalUploadIsProcessedNotCutOff(Vertx vertx) throws Exception {
    app = TestApp.start(vertx, new JsonObject().put("HTTP_READ_TIMEOUT_MS", 15_000).put("BILLING_TIMEOUT_MS", 1000));
    String account = Events.newId("acct");
    byte[] body = Events.wrap("checkout.session.completed", Events.paidSession(1234, "usd", account)).encode().getBytes(UTF_8);
    String answer;
    try (RawHttp http = new RawHttp(app.port())) {
      http.head("POST /api/webhooks/stripe HTTP/1.1", "Content-Type: application/json",
          "Content-Length: " + body.length,
          "Stripe-Signature: " + StripeSigning.header(TestApp.SECRET, new String(body, UTF_8)));
      int pieces = 7;
      int size = body.length / pieces + 1;
      try {
        for (int from = 0; from < body.length; from += size) {
          Thread.sleep(1000);
          http.send(Arrays.copyOfRange(body, from, Math.min(body.length, from + size)));
        }
      } catch (UncheckedIOException closedEarly) {
        // The answer below says why.
      }
      answer = http.answer();
    }

    assertThat(answer).startsWith("HTTP/1.1 200");
    assertThat(app.budget(account).getLong("remaining")).isEqualTo(1234);
  }
}
