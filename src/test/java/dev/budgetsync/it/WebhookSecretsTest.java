package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
