package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same 1,000 events (payments, the invoices of some of them, refunds) delivered twice in
 * shuffled order, 32 at a time, give the same budgets as delivered once in order, one at a time,
 * including refunds that arrive before the payment they take back.
 */
@ExtendWith(VertxExtension.class)
class RedeliveryAtScaleTest {

  @Test
  void thousandEventsTwiceShuffledEqualOnceInOrder(Vertx vertx) {
    Random random = new Random(1000);
    List<JsonObject> events = new ArrayList<>();
    for (int i = 0; events.size() < 1000; i++) {
      String account = "redeliver-" + random.nextInt(10);
      long amount = 100 + random.nextInt(5000);
      JsonObject invoice = Events.paidInvoice(amount, "usd", account);
      JsonObject session = Events.paidSession(amount, "usd", account).put("invoice", invoice.getString("id"));
      events.add(Events.wrap("checkout.session.completed", session));
      if (i % 4 == 0) {
        events.add(Events.wrap("invoice.paid", invoice));
      }
      if (i % 5 == 0) {
        String pi = session.getString("payment_intent");
        events.add(Events.wrap("refund.created", Events.refund(Events.newId("re"), Events.newId("ch"), pi, amount / 3)));
      }
    }
    List<JsonObject> once = events.subList(0, 1000);
    List<JsonObject> twice = new ArrayList<>(once);
    twice.addAll(once);
    Collections.shuffle(twice, random);

    // Each service on its own Vert.x: two on one would share the event-bus addresses.
    Vertx second = Vertx.vertx();
    TestApp inOrder = TestApp.start(vertx);
    TestApp redelivered = TestApp.start(second);
    try {
      for (JsonObject event : once) {
        assertThat(inOrder.postEvent(event).statusCode()).isEqualTo(200);
      }
      for (int i = 0; i < twice.size(); i += 32) {
        List<Future<HttpResponse<Buffer>>> batch = twice.subList(i, Math.min(twice.size(), i + 32)).stream()
            .map(redelivered::postEventAsync).toList();
        Future.all(batch).await();
        assertThat(batch).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
      }

      Map<String, Long> expected = budgets(inOrder);
      assertThat(expected).hasSize(10);
      assertThat(budgets(redelivered)).isEqualTo(expected);
      assertThat(redelivered.count("select count(*) from stripe_event")).isEqualTo(1000);
      // Refunds that came before their payment were moved to the payment's account: nothing is left behind.
      assertThat(redelivered.count("select count(*) from ledger_entry where source like '%\\_moved'")).isPositive();
      assertThat(redelivered.budget("default").getLong("budget")).isZero();
    } finally {
      inOrder.stop();
      redelivered.stop();
      second.close().await();
    }
  }

  /** Non-zero budgets: an account whose entries cancel out reads exactly like one without entries. */
  private static Map<String, Long> budgets(TestApp app) {
    Map<String, Long> budgets = new TreeMap<>();
    app.query("select account, credited - debited as budget from budget_month where credited <> debited")
        .forEach(row -> budgets.put(row.getString("account"), row.getLong("budget")));
    return budgets;
  }
}
