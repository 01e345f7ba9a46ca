package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A stored event that could not be placed is run again once the cause is fixed, and moves money once. */
@ExtendWith(VertxExtension.class)
class ReprocessTest {

  @Test
  void aNeedsReviewEventIsCreditedOnceAfterTheConfigurationIsFixed(Vertx vertx) {
    TestApp app = TestApp.start(vertx);
    try {
      String account = Events.newId("acct");
      JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "eur", account));
      assertThat(app.postEvent(event).bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");

      app.restart(new JsonObject().put("BUDGET_CURRENCY", "eur"));
      HttpResponse<Buffer> reprocessed = app.client()
          .post("/api/stripe/events/" + event.getString("id") + "/reprocess")
          .bearerTokenAuthentication(TestApp.TOKEN).send().await();

      assertThat(reprocessed.statusCode()).isEqualTo(200);
      assertThat(reprocessed.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
      JsonObject status = app.budget(account);
      assertThat(status.getLong("budget")).isEqualTo(5000);
      assertThat(status.getString("currency")).isEqualTo("eur");
      assertThat(app.query("select outcome from stripe_event where id = $1", event.getString("id")).get(0)
          .getString("outcome")).isEqualTo("credited");

      HttpResponse<Buffer> again = app.client().post("/api/stripe/events/" + event.getString("id") + "/reprocess")
          .bearerTokenAuthentication(TestApp.TOKEN).send().await();
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("not_reprocessable");
      assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);

      HttpResponse<Buffer> unknown = app.client().post("/api/stripe/events/evt_nope/reprocess")
          .bearerTokenAuthentication(TestApp.TOKEN).send().await();
      assertThat(unknown.statusCode()).isEqualTo(404);
    } finally {
      app.stop();
    }
  }
}
