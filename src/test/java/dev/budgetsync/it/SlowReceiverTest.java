package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.Receiver.Request;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that takes 5 s per answer, and here takes longer still: it holds every answer until
 * the test has sent all its webhooks and spends. Each of them is answered while the sender sits on
 * requests the receiver has not answered, so no webhook's 200 and no spend's answer waits for it.
 * The answers' times are logged, not asserted: a slow machine must not fail this test.
 */
@ExtendWith(VertxExtension.class)
class SlowReceiverTest {
  private static final Logger LOG = LoggerFactory.getLogger(SlowReceiverTest.class);
  private static final int ROUNDS = 20;

  private TestApp app;
  private Receiver receiver;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
    if (receiver != null) {
      receiver.release();
      receiver.close();
    }
  }

  @Test
  void aReceiverTakingFiveSecondsPerAnswerNeverDelaysAWebhookOrASpend(Vertx vertx) {
    receiver = Receiver.start(vertx, 0, (request, attempt) -> new Reply(200, 5000));
    receiver.hold();
    app = TestApp.start(vertx, new JsonObject().put("NOTIFY_URLS", receiver.url("/slow"))
        .put("NOTIFY_SECRET", NotificationDeliveryTest.NOTIFY_SECRET).put("NOTIFY_POLL_MS", 50)
        .put("NOTIFY_TIMEOUT_MS", 30_000).put("NOTIFY_CONCURRENCY", 4));
    // Three alerts and budget.exhausted: all four request slots of the destination taken and held.
    String first = Events.newId("acct");
    NotificationDeliveryTest.topUp(app, first, 1000);
    NotificationDeliveryTest.spend(app, first, 1000);
    receiver.await(all -> all.size() == 4, Duration.ofSeconds(20));

    List<Long> webhookMs = new ArrayList<>();
    List<Long> spendMs = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      String account = Events.newId("acct");
      long started = System.nanoTime();
      HttpResponse<Buffer> webhook = app.postEvent(
          Events.wrap("checkout.session.completed", Events.paidSession(5000, "eur", account)));
      webhookMs.add((System.nanoTime() - started) / 1_000_000);
      assertThat(webhook.statusCode()).isEqualTo(200);
      assertThat(webhook.bodyAsJsonObject().getString("outcome")).isEqualTo("needs_review");
      NotificationDeliveryTest.topUp(app, account, 1000);
      started = System.nanoTime();
      HttpResponse<Buffer> spend = app.postJson("/api/spend", new JsonObject().put("account", account)
          .put("agent", "CONTENT").put("amount", 600), null);
      spendMs.add((System.nanoTime() - started) / 1_000_000);
      assertThat(spend.statusCode()).isEqualTo(200);
      assertThat(spend.bodyAsJsonObject().getJsonArray("alerts").getList()).containsExactly(50);
    }

    // Every answer above came while the receiver held the sender's four requests, answering none.
    assertThat(receiver.answered()).isZero();
    assertThat(receiver.requests()).hasSize(4);
    assertThat(app.count("select count(*) from notification_delivery where status = 'pending'"))
        .isEqualTo(4 + 2 * ROUNDS);
    LOG.info("with the receiver holding every answer: webhook 200s in {} ms (median) / {} ms (max), "
        + "spend answers in {} ms / {} ms", median(webhookMs), Collections.max(webhookMs), median(spendMs),
        Collections.max(spendMs));

    receiver.policy((request, attempt) -> Reply.of(200));
    receiver.release();
    List<Request> all = receiver.await(got -> got.stream().map(r -> r.json().getString("id")).distinct().count()
        == 4 + 2 * ROUNDS, Duration.ofSeconds(30));
    assertThat(all).extracting(r -> r.json().getString("type")).filteredOn("stripe.event.needs_review"::equals)
        .hasSize(ROUNDS);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
