package dev.budgetsync.it;

import ch.qos.logback.classic.Level;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Secret rotation and a service started without a secret. */
@ExtendWith(VertxExtension.class)
class WebhookSecretsTest {

  @Test
  void duringRotationEitherSecretVerifies(Vertx vertx) {
    TestApp app = TestApp.start(vertx, new JsonObject().put("STRIPE_WEBHOOK_SECRET", " whsec_old , whsec_new "));
    try {
      for (String secret : new String[] {"whsec_old", "whsec_new"}) {
        String payload = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "rot")).encode();
        HttpResponse<Buffer> response = app.postWebhook(payload, StripeSigning.header(secret, payload));
        assertThat(response.statusCode()).as(secret).isEqualTo(200);
      }
      String payload = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "rot")).encode();
      assertThat(app.postWebhook(payload, StripeSigning.header("whsec_other", payload)).statusCode()).isEqualTo(400);
      assertThat(app.budget("rot").getLong("budget")).isEqualTo(200);
    } finally {
      app.stop();
    }
  }

  /** A breaker's case: a secret without whsec_ was taken silently. */
  @Test
  void aSecretWithoutTheWhsecPrefixIsSaidAtStart(Vertx vertx) {
    TestApp app;
    List<String> warnings;
    try (LogCapture logs = new LogCapture()) {
      app = TestApp.start(vertx, new JsonObject().put("STRIPE_WEBHOOK_SECRET", "plain_secret_0123456789"));
      warnings = logs.from("dev.budgetsync").stream().filter(e -> e.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage).toList();
    }
    try {
      assertThat(warnings).anySatisfy(line -> assertThat(line)
          .startsWith("STRIPE_WEBHOOK_SECRET: 1 of 1 secret(s) do not start with whsec_"));
      assertThat(warnings).noneSatisfy(line -> assertThat(line).contains("plain_secret_0123456789"));
      String payload = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "plain")).encode();
      assertThat(app.postWebhook(payload, StripeSigning.header("plain_secret_0123456789", payload)).statusCode())
          .isEqualTo(200);
    } finally {
      app.stop();
    }
  }

  @Test
  void withoutASecretTheWebhookAnswers503AndTheRestWorks(Vertx vertx) {
    TestApp app = TestApp.start(vertx, new JsonObject().put("STRIPE_WEBHOOK_SECRET", ""));
    try {
      String payload = Events.wrap("checkout.session.completed", Events.paidSession(100, "usd", "x")).encode();
      HttpResponse<Buffer> response = app.postWebhook(payload, StripeSigning.header("whsec_any", payload));

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type"))
          .isEqualTo("webhook_not_configured");
      assertThat(app.get("/api/budget").statusCode()).isEqualTo(200);
      assertThat(app.count("select count(*) from stripe_event")).isZero();
    } finally {
      app.stop();
    }
  }
}
