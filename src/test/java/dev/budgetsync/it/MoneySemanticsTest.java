package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stripe's real payment semantics against a real PostgreSQL: money moves once per money object,
 * whatever the number, kind and order of the events that carry it.
 */
@ExtendWith(VertxExtension.class)
class MoneySemanticsTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static String outcome(String type, JsonObject object) {
    return outcome(Events.wrap(type, object));
  }

  private static String outcome(JsonObject event) {
    HttpResponse<Buffer> response = app.postEvent(event);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("outcome");
  }

  private static long budget(String account) {
    return app.budget(account).getLong("budget");
  }

  private static String reason(JsonObject event) {
    return app.query("select reason from stripe_event where id = $1", event.getString("id")).get(0).getString("reason");
  }

  @Test
  void subscriptionCheckoutAndItsFirstInvoiceCreditOnce() {
    String account = Events.newId("acct");
    JsonObject session = Events.sample("pay-rails__checkout.session.completed.data.json").getJsonObject("object")
        .put("id", Events.newId("cs")).put("client_reference_id", account);
    JsonObject sessionEvent = Events.wrap("checkout.session.completed", session);

    assertThat(outcome(sessionEvent)).isEqualTo("skipped");
    assertThat(reason(sessionEvent)).contains("invoice carries the money");
    assertThat(outcome("invoice.paid", Events.paidInvoice(1900, "usd", account))).isEqualTo("credited");

    assertThat(budget(account)).isEqualTo(1900);
  }

  @Test
  void paymentSessionWithInvoiceCreationAndThatInvoiceAreOnePayment() {
    for (boolean sessionFirst : new boolean[] {true, false}) {
      String account = Events.newId("acct");
      JsonObject invoice = Events.paidInvoice(2500, "usd", account);
      JsonObject session = Events.paidSession(2500, "usd", account).put("invoice", invoice.getString("id"));
      JsonObject first = sessionFirst ? Events.wrap("checkout.session.completed", session)
          : Events.wrap("invoice.paid", invoice);
      JsonObject second = sessionFirst ? Events.wrap("invoice.paid", invoice)
          : Events.wrap("checkout.session.completed", session);

      assertThat(outcome(first)).isEqualTo("credited");
      assertThat(outcome(second)).isEqualTo("skipped");
      assertThat(reason(second)).startsWith("money already moved as ");
      assertThat(budget(account)).isEqualTo(2500);
    }
  }

  @Test
  void legacyInvoiceWithPaymentIntentAndSessionOfThatPaymentIntentCreditOnce() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(900, "usd", account);
    JsonObject legacyInvoice = new JsonObject().put("id", Events.newId("in")).put("object", "invoice")
        .put("amount_paid", 900).put("currency", "usd").put("payment_intent", session.getString("payment_intent"))
        .put("subscription", Events.newId("sub")).put("metadata", new JsonObject().put("account_id", account));

    assertThat(outcome("invoice.payment_succeeded", legacyInvoice)).isEqualTo("credited");
    assertThat(outcome("checkout.session.completed", session)).isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(900);
  }

  @Test
  void delayedPaymentsCreditOnlyWhenTheMoneyArrives() {
    String account = Events.newId("acct");
    JsonObject pending = Events.paidSession(4000, "usd", account).put("payment_status", "unpaid");

    assertThat(outcome("checkout.session.completed", pending)).isEqualTo("skipped");
    assertThat(budget(account)).isZero();
    assertThat(outcome("checkout.session.async_payment_succeeded", pending.copy().put("payment_status", "paid")))
        .isEqualTo("credited");
    assertThat(budget(account)).isEqualTo(4000);

    JsonObject failed = Events.paidSession(300, "usd", account).put("payment_status", "unpaid");
    assertThat(outcome("checkout.session.completed", failed)).isEqualTo("skipped");
    assertThat(outcome("checkout.session.async_payment_failed", failed)).isEqualTo("logged");
    JsonObject free = Events.paidSession(0, "usd", account).put("payment_status", "no_payment_required");
    assertThat(outcome("checkout.session.completed", free)).isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(4000);
  }

  @Test
  void refundsAreDebitedOncePerRefundFromThePaymentsAccount() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    outcome("checkout.session.completed", session);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");
    // Refunds a minute apart, as Stripe makes them: each charge.refunded holds those created before it.
    long now = StripeSigning.now();
    JsonObject re1 = Events.refund(Events.newId("re"), charge, pi, 500).put("created", now - 60);
    JsonObject re2 = Events.refund(Events.newId("re"), charge, pi, 300).put("created", now);

    // The charge names no account: the refund goes to the account its payment credited.
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 500, new JsonArray().add(re1)),
        now - 60))).isEqualTo("debited");
    assertThat(budget(account)).isEqualTo(4500);
    // Redelivered as a new event, and seen again through refund.created: nothing more.
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 500, new JsonArray().add(re1)),
        now - 60))).isEqualTo("skipped");
    assertThat(outcome(Events.wrap("refund.created", re1, now - 60))).isEqualTo("skipped");
    // A second partial refund: only it moves.
    assertThat(outcome("refund.created", re2)).isEqualTo("debited");
    assertThat(outcome("charge.refunded", Events.charge(charge, pi, 5000, 800, new JsonArray().add(re2).add(re1))))
        .isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(4200);
    assertThat(app.count("select count(*) from ledger_entry where charge_id = $1 and kind = 'debit'", charge))
        .isEqualTo(2);
  }

  @Test
  void aRefundThatArrivesBeforeItsPaymentMovesToThePaymentsAccountWhenThePaymentArrives() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");
    long defaultBefore = budget("default");

    assertThat(outcome("refund.created", Events.refund(Events.newId("re"), charge, pi, 1200))).isEqualTo("debited");
    assertThat(budget("default")).isEqualTo(defaultBefore - 1200);

    assertThat(outcome("checkout.session.completed", session)).isEqualTo("credited");
    assertThat(budget(account)).isEqualTo(3800);
    assertThat(budget("default")).isEqualTo(defaultBefore);
    // Moved once: a later event naming the same payment moves nothing more.
    outcome("charge.refunded", Events.charge(charge, pi, 5000, 1200, null));
    assertThat(budget(account)).isEqualTo(3800);
    assertThat(budget("default")).isEqualTo(defaultBefore);
  }

  @Test
  void cumulativeAmountRefundedWithoutTheListDebitsOnlyWhatItAdds() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    outcome("checkout.session.completed", session);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");

    long now = StripeSigning.now();
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 500, null), now - 30)))
        .isEqualTo("debited");
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 500, null), now - 30)))
        .isEqualTo("skipped");
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 1200, null), now - 10)))
        .isEqualTo("debited");
    // Out of order: an older cumulative amount (by Stripe's time) arriving late debits nothing.
    assertThat(outcome(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 800, null), now - 20)))
        .isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(3800);
    // The refunds behind those amounts (created before the totals that hold them), seen later by id, are covered.
    assertThat(outcome("refund.created", Events.refund(Events.newId("re"), charge, pi, 500).put("created", now - 30)))
        .isEqualTo("skipped");
    assertThat(outcome("refund.created", Events.refund(Events.newId("re"), charge, pi, 700).put("created", now - 15)))
        .isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(3800);
    // A third refund beyond the cumulative amount moves.
    assertThat(outcome("refund.created", Events.refund(Events.newId("re"), charge, pi, 100))).isEqualTo("debited");
    assertThat(budget(account)).isEqualTo(3700);
  }

  @Test
  void aDisputeDebitsOnceAndAWonDisputeCreditsItBack() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(6000, "usd", account);
    outcome("checkout.session.completed", session);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");
    JsonObject dispute = Events.dispute(Events.newId("du"), charge, pi, 6000, "needs_response");

    assertThat(outcome("charge.dispute.created", dispute)).isEqualTo("debited");
    assertThat(outcome("charge.dispute.created", dispute)).isEqualTo("skipped");
    assertThat(budget(account)).isZero();
    assertThat(outcome("charge.dispute.closed", dispute.copy().put("status", "won"))).isEqualTo("credited");
    assertThat(outcome("charge.dispute.closed", dispute.copy().put("status", "won"))).isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(6000);

    JsonObject lost = Events.dispute(Events.newId("du"), charge, pi, 1000, "needs_response");
    outcome("charge.dispute.created", lost);
    // A lost dispute keeps the debit its funds' withdrawal made.
    assertThat(outcome("charge.dispute.closed", lost.copy().put("status", "lost"))).isEqualTo("skipped");
    assertThat(budget(account)).isEqualTo(5000);
  }

  /**
   * A breaker's case: a dispute Stripe prevented by refunding the cardholder (Visa RDR) came as the
   * refund and as a dispute with status prevented; both were debited.
   */
  @Test
  void aDisputePreventedByARefundTakesTheMoneyOnceAsTheRefund() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(6000, "usd", account);
    outcome("checkout.session.completed", session);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");
    JsonObject prevented = Events.dispute(Events.newId("du"), charge, pi, 6000, "prevented");

    assertThat(outcome("refund.created", Events.refund(Events.newId("re"), charge, pi, 6000))).isEqualTo("debited");
    assertThat(outcome("charge.dispute.created", prevented)).isEqualTo("logged");
    assertThat(outcome("charge.dispute.closed", prevented)).isEqualTo("logged");
    assertThat(budget(account)).isZero();
  }

  @Test
  void moneyInAnotherCurrencyNeedsReviewAndCreditsNothing() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "eur", account));

    assertThat(outcome(event)).isEqualTo("needs_review");
    assertThat(reason(event)).contains("eur");
    assertThat(budget(account)).isZero();
  }

  @Test
  void accountsComeFromClientReferenceThenMetadataThenSubscriptionThenDefault() {
    String byReference = Events.newId("acct");
    JsonObject session = Events.paidSession(100, "usd", byReference)
        .put("metadata", new JsonObject().put("account_id", "not-this-one"));
    outcome("checkout.session.completed", session);
    assertThat(budget(byReference)).isEqualTo(100);

    String byMetadata = Events.newId("acct");
    outcome("checkout.session.completed", Events.paidSession(200, "usd", null)
        .put("metadata", new JsonObject().put("account_id", byMetadata)));
    assertThat(budget(byMetadata)).isEqualTo(200);

    String newShape = Events.newId("acct");
    outcome("invoice.paid", Events.paidInvoice(300, "usd", newShape));
    assertThat(budget(newShape)).isEqualTo(300);

    String oldShape = Events.newId("acct");
    outcome("invoice.paid", new JsonObject().put("id", Events.newId("in")).put("amount_paid", 400)
        .put("currency", "usd").put("subscription", Events.newId("sub"))
        .put("subscription_details", new JsonObject().put("metadata", new JsonObject().put("account_id", oldShape))));
    assertThat(budget(oldShape)).isEqualTo(400);

    long before = budget("default");
    outcome("checkout.session.completed", Events.paidSession(500, "usd", null));
    assertThat(budget("default")).isEqualTo(before + 500);
  }

  @Test
  void theMonthIsTheMonthTheEventWasCreatedInUtc() {
    String account = Events.newId("acct");
    long lastMinuteOfJanuary = Instant.parse("2026-01-31T23:59:30Z").getEpochSecond();

    outcome(Events.wrap("checkout.session.completed", Events.paidSession(700, "usd", account), lastMinuteOfJanuary));

    assertThat(app.get("/api/budget?account=" + account + "&month=2026-01").bodyAsJsonObject().getLong("budget"))
        .isEqualTo(700);
    assertThat(app.get("/api/budget?account=" + account + "&month=2026-02").bodyAsJsonObject().getLong("budget"))
        .isZero();
  }

  @Test
  void aLiveModeEventOnATestModeDeploymentIsIgnored() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(700, "usd", account))
        .put("livemode", true);

    assertThat(outcome(event)).isEqualTo("ignored");
    assertThat(reason(event)).contains("live-mode event");
    assertThat(budget(account)).isZero();
  }

  @Test
  void aPoisonEventIsStoredAsFailedAcknowledgedAndListed() {
    JsonObject session = Events.paidSession(700, "usd", Events.newId("acct")).put("amount_total", "700");
    JsonObject event = Events.wrap("checkout.session.completed", session);

    assertThat(outcome(event)).isEqualTo("failed");
    assertThat(reason(event)).isEqualTo("amount_total is not an integer amount");
    JsonObject listed = app.get("/api/stripe/events?limit=1").bodyAsJsonObject().getJsonArray("data").getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo(event.getString("id"));
    assertThat(listed.getString("outcome")).isEqualTo("failed");
  }
}
