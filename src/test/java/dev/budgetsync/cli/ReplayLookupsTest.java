package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.FakeStripe;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replay --verify} rebuilds a payment that an attribution lookup moved where the lookup put it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayLookupsTest {

  @Test
  void aRefundMovedByALookupIsReplayedOnTheSameAccount(Vertx vertx) throws InterruptedException {
    FakeStripe fake = FakeStripe.start(vertx);
    TestApp app = TestApp.start(vertx, new JsonObject().put("STRIPE_SECRET_KEY", FakeStripe.KEY)
        .put("STRIPE_API_BASE", fake.baseUrl()).put("STRIPE_RECONCILE_INTERVAL_MINUTES", 0));
    try {
      String account = Events.newId("acct");
      JsonObject invoice = Events.paidInvoice(6000, "usd", account);
      String pi = Events.newId("pi");
      String charge = Events.newId("ch");
      fake.addObject("payment_intents", new JsonObject().put("id", pi).put("object", "payment_intent")
          .put("created", 1_760_000_000L).put("metadata", new JsonObject()).put("latest_charge", charge));
      fake.addInvoicePayment(new JsonObject().put("id", Events.newId("inpay")).put("object", "invoice_payment")
          .put("invoice", invoice.getString("id"))
          .put("payment", new JsonObject().put("type", "payment_intent").put("payment_intent", pi)));
      fake.addObject("invoices", invoice);
      app.postEvent(Events.wrap("invoice.paid", invoice));
      app.postEvent(Events.wrap("refund.created", Events.refund(Events.newId("re"), charge, pi, 1000)));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (app.budget(account).getLong("budget") != 5000) {
        assertThat(System.nanoTime()).as("the lookup moved the refund within 60 s").isLessThan(until);
        Thread.sleep(50);
      }

      CliRun verify = CliRun.run(vertx, AppConfig.from(app.config()), "replay", "--verify");
      assertThat(verify.exit()).as(verify.all()).isZero();
      assertThat(verify.out()).contains("replayed 2 events and 0 manual entries: 0 difference(s)");
    } finally {
      app.stop();
      fake.stop();
    }
  }
}
