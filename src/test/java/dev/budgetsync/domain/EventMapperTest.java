package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.budgetsync.domain.StripeJson.CREATED;
import static dev.budgetsync.domain.StripeJson.TEST_MODE;
import static dev.budgetsync.domain.StripeJson.charge;
import static dev.budgetsync.domain.StripeJson.dispute;
import static dev.budgetsync.domain.StripeJson.event;
import static dev.budgetsync.domain.StripeJson.eventId;
import static dev.budgetsync.domain.StripeJson.invoice;
import static dev.budgetsync.domain.StripeJson.invoice2025;
import static dev.budgetsync.domain.StripeJson.invoicePayment;
import static dev.budgetsync.domain.StripeJson.map;
import static dev.budgetsync.domain.StripeJson.paidSession;
import static dev.budgetsync.domain.StripeJson.parse;
import static dev.budgetsync.domain.StripeJson.refund;
import static dev.budgetsync.domain.StripeJson.wrapData;
import static dev.budgetsync.support.Events.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What each Stripe event says about its payment: its planned outcome, and the exact ids and facts
 * ({@link PaymentFacts}). The former intent-model cases come first, then the event types and shapes
 * added for issue 12. What facts add up to is {@link PaymentHistoryTest}'s subject.
 */
class EventMapperTest {
  private static final String COMPLETED = "checkout.session.completed";

  @Test
  void paidPaymentModeSessionCreditsAmountTotal() {
    JsonObject session = paidSession().put("metadata", new JsonObject().put("source", "marketing_topup"));

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.reason()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.amount()).isEqualTo(5000L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.facts()).isEqualTo(facts(COMPLETED, List.of("cs_test_pay1", "pi_test_pay1"),
        new Fact.Paid("pi_test_pay1", 5000, "marketing_topup", Fact.Carrier.SESSION)));
    assertThat(effect.details().getString("event_type")).isEqualTo(COMPLETED);
    assertThat(effect.details().getString("object_id")).isEqualTo("cs_test_pay1");
  }

  @Test
  void sessionThatCreatedAnInvoiceNamesItAmongItsKeys() {
    JsonObject session = paidSession().put("invoice", "in_test_from_session");

    assertThat(map(event(COMPLETED, session)).facts()).isEqualTo(facts(COMPLETED,
        List.of("cs_test_pay1", "pi_test_pay1", "in_test_from_session"),
        new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION)));
  }

  @Test
  void expandedPaymentIntentIsReadById() {
    JsonObject session = paidSession().put("payment_intent", new JsonObject().put("id", "pi_expanded")
        .put("object", "payment_intent").put("metadata", new JsonObject().put("account_id", "team-pi")));

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.account()).isEqualTo("team-pi");
    assertThat(effect.facts()).isEqualTo(facts(COMPLETED, List.of("cs_test_pay1", "pi_expanded"),
        new Fact.Hint(AccountSource.PAYMENT_INTENT_METADATA, "team-pi"),
        new Fact.Paid("pi_expanded", 5000, "checkout", Fact.Carrier.SESSION)));
  }

  @Test
  void sessionWithoutPaymentIntentIsKeyedBySessionId() {
    JsonObject session = paidSession().putNull("payment_intent");

    assertThat(map(event(COMPLETED, session)).facts()).isEqualTo(facts(COMPLETED, List.of("cs_test_pay1"),
        new Fact.Paid("cs_test_pay1", 5000, "checkout", Fact.Carrier.SESSION)));
  }

  @Test
  void sourceDefaultsToCheckout() {
    JsonObject session = paidSession().put("metadata", new JsonObject().put("source", "not a source!"));

    assertThat(map(event(COMPLETED, session)).facts().facts())
        .containsExactly(new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION));
  }

  @Test
  void subscriptionModeSessionIsSkippedBecauseItsInvoiceCarriesTheMoney() {
    JsonObject event = wrapData(COMPLETED, sample("pay-rails__checkout.session.completed.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains("subscription");
    assertThat(effect.amount()).isNull();
    assertThat(effect.currency()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    // This older shape names no invoice: the session is a payment of its own that carries no money.
    assertThat(effect.facts()).isEqualTo(facts(COMPLETED,
        List.of("cs_test_a1UejXx8ebIdTzFolicVypUAZpOBVkoQKDbaarXoPlPVtj8p0zujPEEhjT")));
    assertThat(effect.details().getString("customer")).isEqualTo("cus_M5wW9RPFk9xNZ5");
    assertThat(effect.details().getString("customer_email")).isEqualTo("chris@gorails.com");
    assertThat(effect.details().getString("subscription")).isEqualTo("sub_1LNkeSKXBGcbgpbZ7jMqOPSi");
    assertThat(effect.details().getLong("amount_total")).isEqualTo(1900L);
  }

  @Test
  void unpaidSessionIsSkippedAndItsNullAmountIsNoError() {
    JsonObject session = sample("stripe-openapi__fixtures3.checkout.session.json");
    assertThat(session.getString("payment_status")).isEqualTo("unpaid");
    assertThat(session.getValue("amount_total")).isNull();

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains("unpaid");
    assertThat(effect.amount()).isNull();
    // The session still links its PaymentIntent, so async_payment_succeeded finds the same payment.
    assertThat(effect.facts()).isEqualTo(facts(COMPLETED,
        List.of("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY", "pi_1PgafyB7WZ01zgkWSjxsAJo3")));
  }

  @Test
  void noPaymentRequiredSessionIsSkipped() {
    JsonObject session = paidSession().put("payment_status", "no_payment_required").put("amount_total", 0);

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).isNotBlank();
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
  }

  @Test
  void setupModeSessionIsSkipped() {
    JsonObject session = paidSession().put("mode", "setup").putNull("amount_total").putNull("payment_intent")
        .put("payment_status", "no_payment_required");

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.facts()).isNull();
  }

  @Test
  void asyncPaymentSucceededCredits() {
    // The current-shape sample, as it reads once its delayed payment has succeeded.
    JsonObject session = sample("stripe-openapi__fixtures3.checkout.session.json")
        .put("payment_status", "paid").put("status", "complete").put("amount_total", 2500).put("currency", "usd");
    String type = "checkout.session.async_payment_succeeded";

    EventEffect effect = map(event(type, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.amount()).isEqualTo(2500L);
    assertThat(effect.facts()).isEqualTo(facts(type,
        List.of("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY", "pi_1PgafyB7WZ01zgkWSjxsAJo3"),
        new Fact.Paid("pi_1PgafyB7WZ01zgkWSjxsAJo3", 2500, "checkout", Fact.Carrier.SESSION)));
  }

  @Test
  void asyncPaymentFailedIsLogged() {
    JsonObject session = paidSession().put("payment_status", "unpaid");

    EventEffect effect = map(event("checkout.session.async_payment_failed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
  }

  /** The rule every money movement shares ({@code docs/money.md}): an amount of 0 is skipped, as an invoice's is. */
  @Test
  void paidSessionWithZeroTotalIsSkipped() {
    EventEffect effect = map(event(COMPLETED, paidSession().put("amount_total", 0)));

    assertThat(effect.outcome()).as("outcome of a paid session of 0").isEqualTo(Outcome.SKIPPED);
    assertThat(Optional.ofNullable(effect.facts()).map(PaymentFacts::facts).orElse(List.of()))
        .noneMatch(Fact.Paid.class::isInstance);
  }

  @Test
  void paidInvoiceSampleCreditsAmountPaid() {
    JsonObject invoice = sample("pay-rails__invoice.paid-invoice-object.json");

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.amount()).isEqualTo(24512L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.account()).isEqualTo("default");
    // A one-off invoice (billing_reason manual, subscription null, parent null), legacy shape.
    assertThat(effect.facts()).isEqualTo(facts("invoice.paid",
        List.of("in_1RFFohKXBGcbgpbZk9MxzDMc", "pi_3RFFrjKXBGcbgpbZ0mAQxeI1", "ch_3RFFrjKXBGcbgpbZ0g57Qovb"),
        new Fact.Paid("in_1RFFohKXBGcbgpbZk9MxzDMc", 24512, "invoice_payment", Fact.Carrier.INVOICE)));
  }

  @Test
  void paymentSucceededMapsLikePaid() {
    JsonObject invoice = sample("pay-rails__invoice.paid-invoice-object.json");

    EventEffect paid = map(event("invoice.paid", invoice));
    EventEffect succeeded = map(event("invoice.payment_succeeded", invoice));

    assertThat(succeeded.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(succeeded.amount()).isEqualTo(paid.amount());
    assertThat(succeeded.facts().eventId()).isEqualTo(eventId("invoice.payment_succeeded"));
    assertThat(succeeded.facts().ids()).isEqualTo(paid.facts().ids());
    assertThat(succeeded.facts().facts()).isEqualTo(paid.facts().facts());
  }

  @Test
  void post2025ShapeResolvesAccountFromParentSubscriptionDetails() {
    // The payment_failed sample's invoice (2025+ shape), as it reads once paid.
    JsonObject invoice = sample("pay-rails__invoice.payment_failed.data.json").getJsonObject("object")
        .put("status", "paid").put("amount_paid", 24900)
        .put("payments", new JsonObject().put("object", "list").put("data", new JsonArray().add(new JsonObject()
            .put("object", "invoice_payment")
            .put("payment", new JsonObject().put("type", "payment_intent").put("payment_intent", "pi_test_2025")))));
    invoice.getJsonObject("parent").getJsonObject("subscription_details").getJsonObject("metadata")
        .put("account_id", "team-alpha");
    assertThat(invoice.containsKey("subscription")).isFalse();

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.account()).isEqualTo("team-alpha");
    assertThat(effect.amount()).isEqualTo(24900L);
    assertThat(effect.facts()).isEqualTo(facts("invoice.paid", List.of("in_1234", "pi_test_2025"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "team-alpha"),
        new Fact.Paid("in_1234", 24900, "subscription_payment", Fact.Carrier.INVOICE)));
    assertThat(effect.details().getString("subscription")).isEqualTo("sub_1234");
  }

  @Test
  void pre2025ShapeResolvesAccountFromSubscriptionDetails() {
    JsonObject invoice = invoice()
        .put("subscription", "sub_legacy")
        .put("subscription_details", new JsonObject().put("metadata", new JsonObject().put("account_id", "team-legacy")));

    EventEffect effect = map(event("invoice.payment_succeeded", invoice));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.account()).isEqualTo("team-legacy");
    assertThat(effect.facts()).isEqualTo(facts("invoice.payment_succeeded",
        List.of("in_test_1", "pi_test_inv", "ch_test_inv"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "team-legacy"),
        new Fact.Paid("in_test_1", 3000, "subscription_payment", Fact.Carrier.INVOICE)));
  }

  @Test
  void expandedSubscriptionMetadataNamesTheAccount() {
    JsonObject invoice = invoice().put("subscription", new JsonObject()
        .put("id", "sub_expanded").put("metadata", new JsonObject().put("account_id", "team-expanded")));

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.account()).isEqualTo("team-expanded");
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "team-expanded"),
        new Fact.Paid("in_test_1", 3000, "subscription_payment", Fact.Carrier.INVOICE));
  }

  @Test
  void invoiceOwnMetadataWinsOverItsSubscriptions() {
    JsonObject invoice = invoice()
        .put("metadata", new JsonObject().put("account_id", "from-invoice"))
        .put("parent", new JsonObject().put("type", "subscription_details").put("subscription_details",
            new JsonObject().put("subscription", "sub_1").put("metadata", new JsonObject().put("account_id", "from-sub"))));

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.account()).isEqualTo("from-invoice");
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.Hint(AccountSource.INVOICE_METADATA, "from-invoice"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "from-sub"),
        new Fact.Paid("in_test_1", 3000, "subscription_payment", Fact.Carrier.INVOICE));
  }

  @Test
  void invoiceSourceFromMetadata() {
    JsonObject invoice = invoice().put("metadata", new JsonObject().put("source", "enterprise_plan"));

    assertThat(map(event("invoice.paid", invoice)).facts().facts())
        .containsExactly(new Fact.Paid("in_test_1", 3000, "enterprise_plan", Fact.Carrier.INVOICE));
  }

  @Test
  void invoicePayingNothingIsSkipped() {
    EventEffect effect = map(event("invoice.paid", invoice().put("amount_paid", 0)));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.amount()).isNull();
    assertThat(effect.facts()).isEqualTo(facts("invoice.paid", List.of("in_test_1", "pi_test_inv", "ch_test_inv")));
  }

  @Test
  void paymentFailedIsLoggedWithItsDetails() {
    JsonObject event = wrapData("invoice.payment_failed", sample("pay-rails__invoice.payment_failed.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.details().getString("event_id")).isEqualTo(event.getString("id"));
    assertThat(effect.details().getString("event_type")).isEqualTo("invoice.payment_failed");
    assertThat(effect.details().getString("object_id")).isEqualTo("in_1234");
    assertThat(effect.details().getString("customer")).isEqualTo("cus_1234");
    assertThat(effect.details().getString("status")).isEqualTo("open");
    assertThat(effect.details().getString("subscription")).isEqualTo("sub_1234");
    assertThat(effect.details().getLong("amount_due")).isEqualTo(24900L);
    assertThat(effect.details().getString("currency")).isEqualTo("usd");
  }

  @Test
  void subscriptionUpdatedIsLoggedWithItsDetails() {
    JsonObject event = wrapData("customer.subscription.updated",
        sample("pay-rails__customer.subscription.updated.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
    JsonObject details = effect.details();
    assertThat(details.getString("event_id")).isEqualTo(event.getString("id"));
    assertThat(details.getString("event_type")).isEqualTo("customer.subscription.updated");
    assertThat(details.getString("object_id")).isEqualTo("sub_00000000000000");
    assertThat(details.getString("customer")).isEqualTo("cus_00000000000000");
    assertThat(details.getString("status")).isEqualTo("canceled");
    assertThat(details.getString("plan")).isEqualTo("FFBEGINNER_00000000000000");
    assertThat(details.getJsonObject("previous_attributes").getJsonObject("plan").getString("id"))
        .isEqualTo("OLD_00000000000000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer.subscription.created", "customer.subscription.deleted"})
  void otherSubscriptionEventsAreLogged(String type) {
    JsonObject subscription = new JsonObject().put("id", "sub_1").put("object", "subscription")
        .put("customer", "cus_1").put("status", "active")
        .put("metadata", new JsonObject().put("account_id", "team-sub"));

    EventEffect effect = map(event(type, subscription));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.account()).isEqualTo("team-sub");
    assertThat(effect.facts()).isNull();
    assertThat(effect.details().getString("status")).isEqualTo("active");
    assertThat(effect.details().getString("event_type")).isEqualTo(type);
  }

  @Test
  void chargeRefundedSampleDebitsTheRefundOnce() {
    JsonObject event = wrapData("charge.refunded", sample("pay-rails__charge.refunded.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.amount()).as("the refund and the cumulative amount_refunded are one 500").isEqualTo(500L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.account()).isEqualTo("default");
    // The listed refund belongs to the charge that lists it; its own created time orders it.
    assertThat(effect.facts()).isEqualTo(facts("charge.refunded",
        List.of("ch_chargeid", "pm_1234", "re_3LQOJoKXBGcbgpbZ10i9Mg75"),
        new Fact.RefundSeen("re_3LQOJoKXBGcbgpbZ10i9Mg75", "ch_chargeid", 500, "succeeded", 1658982465L),
        new Fact.RefundedTotal("ch_chargeid", 500)));
    assertThat(netOf(effect)).as("what the event alone makes of its payment").isEqualTo(-500);
    assertThat(effect.details().getLong("amount_refunded")).isEqualTo(500L);
  }

  @Test
  void chargeRefundedWithoutRefundListDebitsCumulativeAmountRefunded() {
    // Recent API versions omit refunds from the Charge: amount_refunded is all there is.
    JsonObject charge = charge(700, null);
    charge.remove("refunds");

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.amount()).isEqualTo(700L);
    assertThat(effect.facts()).isEqualTo(facts("charge.refunded", List.of("ch_test_1", "pi_test_1"),
        new Fact.RefundedTotal("ch_test_1", 700)));
    assertThat(netOf(effect)).isEqualTo(-700);
  }

  @Test
  void cumulativeAmountBeyondAShortenedListCounts() {
    JsonObject charge = charge(1000, new JsonArray().add(refund("re_listed", 300, "succeeded")));
    charge.getJsonObject("refunds").put("has_more", true);

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.amount()).isEqualTo(1000L);
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.RefundSeen("re_listed", "ch_test_1", 300, "succeeded", CREATED),
        new Fact.RefundedTotal("ch_test_1", 1000));
    assertThat(netOf(effect)).isEqualTo(-1000);
  }

  @Test
  void onlyRefundsThatMovedMoneyAreDebited() {
    JsonObject charge = charge(400, new JsonArray()
        .add(refund("re_ok", 300, "succeeded"))
        .add(refund("re_failed", 200, "failed"))
        .add(refund("re_pending", 100, "pending")));

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.amount()).isEqualTo(400L);
    assertThat(effect.facts()).isEqualTo(facts("charge.refunded",
        List.of("ch_test_1", "pi_test_1", "re_ok", "re_failed", "re_pending"),
        new Fact.RefundSeen("re_ok", "ch_test_1", 300, "succeeded", CREATED),
        new Fact.RefundSeen("re_failed", "ch_test_1", 200, "failed", CREATED),
        new Fact.RefundSeen("re_pending", "ch_test_1", 100, "pending", CREATED),
        new Fact.RefundedTotal("ch_test_1", 400)));
    assertThat(PaymentHistoryTest.netBySlotAndMonth(PaymentHistory.of(List.of(effect.facts()), "default")))
        .containsExactly(Map.entry("refund:re_ok 2026-03", -300L), Map.entry("refund:re_pending 2026-03", -100L));
  }

  @Test
  void chargeWhoseRefundsAllFailedIsSkipped() {
    EventEffect effect = map(event("charge.refunded", charge(0, new JsonArray().add(refund("re_x", 300, "canceled")))));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.RefundSeen("re_x", "ch_test_1", 300, "canceled", CREATED), new Fact.RefundedTotal("ch_test_1", 0));
    assertThat(PaymentHistoryTest.netBySlotAndMonth(PaymentHistory.of(List.of(effect.facts()), "default"))).isEmpty();
  }

  @Test
  void chargeMetadataAccountIsAHint() {
    JsonObject charge = charge(300, new JsonArray().add(refund("re_ok", 300, "succeeded")))
        .put("metadata", new JsonObject().put("account_id", "team-charge"));

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.account()).isEqualTo("team-charge");
    assertThat(effect.facts().facts()).startsWith(new Fact.Hint(AccountSource.CHARGE_METADATA, "team-charge"));
    assertThat(PaymentHistory.of(List.of(effect.facts()), "default").account()).isEqualTo("team-charge");
  }

  @Test
  void refundCreatedDebitsOnce() {
    JsonObject refund = refund("re_standalone", 700, "succeeded").put("charge", "ch_1").put("payment_intent", "pi_1");

    EventEffect effect = map(event("refund.created", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.amount()).isEqualTo(700L);
    assertThat(effect.facts()).isEqualTo(facts("refund.created", List.of("re_standalone", "ch_1", "pi_1"),
        new Fact.RefundSeen("re_standalone", "ch_1", 700, "succeeded", CREATED)));
  }

  @Test
  void failedRefundUpdateGivesTheDebitBack() {
    JsonObject refund = refund("re_standalone", 700, "failed").put("charge", "ch_1");

    EventEffect effect = map(event("refund.updated", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.reason()).contains("failed");
    assertThat(effect.facts()).isEqualTo(facts("refund.updated", List.of("re_standalone", "ch_1"),
        new Fact.RefundSeen("re_standalone", "ch_1", 700, "failed", CREATED)));
  }

  @Test
  void clientReferenceIdWinsOverMetadata() {
    JsonObject session = paidSession().put("client_reference_id", "team-ref")
        .put("metadata", new JsonObject().put("account_id", "team-meta"));

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.account()).isEqualTo("team-ref");
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.Hint(AccountSource.CLIENT_REFERENCE_ID, "team-ref"),
        new Fact.Hint(AccountSource.SESSION_METADATA, "team-meta"),
        new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION));
  }

  @Test
  void metadataAccountIdWhenNoClientReference() {
    JsonObject session = paidSession().put("metadata", new JsonObject().put("account_id", "team-meta"));

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.account()).isEqualTo("team-meta");
    assertThat(effect.facts().facts()).startsWith(new Fact.Hint(AccountSource.SESSION_METADATA, "team-meta"));
  }

  @Test
  void defaultAccountWhenNoneIsNamed() {
    AccountSettings settings = new AccountSettings("house", "usd", false, List.of(50, 80, 100));
    JsonObject session = paidSession().put("client_reference_id", "").put("metadata", new JsonObject());

    EventEffect effect = EventMapper.map(parse(event(COMPLETED, session)), settings);

    assertThat(effect.account()).isEqualTo("house");
    assertThat(effect.facts().facts()).noneMatch(Fact.Hint.class::isInstance);
    assertThat(PaymentHistory.of(List.of(effect.facts()), "house").account()).isEqualTo("house");
  }

  @Test
  void invalidAccountIdNeedsReview() {
    JsonObject session = paidSession().put("client_reference_id", "not a valid account!");

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.reason()).contains("account");
    assertThat(effect.facts()).isNull();
  }

  @Test
  void otherCurrencyNeedsReviewAndCreditsNothing() {
    JsonObject session = paidSession().put("currency", "eur");

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isEqualTo(5000L);
    assertThat(effect.currency()).isEqualTo("eur");
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.reason()).contains("eur").contains("usd");
  }

  @Test
  void otherCurrencyRefundNeedsReview() {
    JsonObject charge = charge(300, new JsonArray().add(refund("re_ok", 300, "succeeded"))).put("currency", "gbp");

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.facts()).isNull();
  }

  @Test
  void liveEventOnTestDeploymentIsIgnored() {
    JsonObject event = event(COMPLETED, paidSession()).put("livemode", true);

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.facts()).isNull();
    assertThat(effect.reason()).contains("live");
  }

  @Test
  void testEventOnLiveDeploymentIsIgnored() {
    AccountSettings live = new AccountSettings("default", "usd", true, List.of(50, 80, 100));

    EventEffect effect = EventMapper.map(parse(event(COMPLETED, paidSession())), live);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.facts()).isNull();
  }

  @Test
  void liveEventOnLiveDeploymentCredits() {
    AccountSettings live = new AccountSettings("default", "usd", true, List.of(50, 80, 100));
    JsonObject event = event(COMPLETED, paidSession().put("livemode", true)).put("livemode", true);

    EventEffect effect = EventMapper.map(parse(event), live);

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.facts().facts()).containsExactly(new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION));
  }

  @Test
  void unknownEventTypeIsIgnored() {
    // A whole event envelope from Stripe's fixtures: plan.created, which moves no money here.
    JsonObject event = sample("stripe-openapi__fixtures3.event.json");

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.reason()).isNotBlank();
    assertThat(effect.facts()).isNull();
    assertThat(effect.details().getString("event_id")).isEqualTo("evt_1Pgc76B7WZ01zgkWwyRHS12y");
    assertThat(effect.details().getString("event_type")).isEqualTo("plan.created");
  }

  @Test
  void monthIsTheUtcMonthOfCreated() {
    long lastSecondsOfJanuary = Instant.parse("2026-01-31T23:59:30Z").getEpochSecond();
    long firstSecondOfFebruary = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();

    EventEffect january = map(event(COMPLETED, paidSession(), lastSecondsOfJanuary));
    EventEffect february = map(event(COMPLETED, paidSession(), firstSecondOfFebruary));

    assertThat(january.facts().created()).isEqualTo(lastSecondsOfJanuary);
    assertThat(PaymentHistory.of(List.of(january.facts()), "default").lines())
        .extracting(PaymentHistory.Line::month).containsExactly("2026-01");
    assertThat(PaymentHistory.of(List.of(february.facts()), "default").lines())
        .extracting(PaymentHistory.Line::month).containsExactly("2026-02");
  }

  @Test
  void mappingIsPureAndRepeatable() {
    StripeEvent event = parse(event(COMPLETED, paidSession()));

    assertThat(EventMapper.map(event, TEST_MODE)).isEqualTo(EventMapper.map(event, TEST_MODE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"5000\"", "-5000", "50.5", "5000.0", "1e3", "-99999999999999999999", "true", "{}"})
  void amountThatIsNotANonNegativeIntegerIsPoison(String amountJson) {
    String raw = event(COMPLETED, paidSession()).encode()
        .replace("\"amount_total\":5000", "\"amount_total\":" + amountJson);
    assertThat(raw).contains("\"amount_total\":" + amountJson);

    StripeEvent event = StripeEvent.parse(new JsonObject(raw));

    assertThatThrownBy(() -> EventMapper.map(event, TEST_MODE))
        .isExactlyInstanceOf(PoisonEventException.class)
        .hasMessageContaining("amount_total");
  }

  @Test
  void missingAmountOnPaidSessionIsPoison() {
    JsonObject session = paidSession();
    session.remove("amount_total");

    assertThatThrownBy(() -> map(event(COMPLETED, session))).isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void negativeInvoiceAmountIsPoison() {
    assertThatThrownBy(() -> map(event("invoice.paid", invoice().put("amount_paid", -1))))
        .isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void stringRefundAmountIsPoison() {
    JsonObject charge = charge(300, new JsonArray().add(refund("re_x", 300, "succeeded").put("amount", "300")));

    assertThatThrownBy(() -> map(event("charge.refunded", charge))).isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void missingCreatedIsPoison() {
    JsonObject event = event(COMPLETED, paidSession());
    event.remove("created");

    assertThatThrownBy(() -> map(event))
        .isExactlyInstanceOf(PoisonEventException.class)
        .hasMessageContaining("created");
  }

  @Test
  void effectOfTurnsAPoisonEventIntoAFailedEffect() {
    JsonObject event = event(COMPLETED, paidSession().put("amount_total", "5000"));

    EventEffect effect = EventMapper.effectOf(parse(event), TEST_MODE);

    assertThat(effect.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(effect.reason()).contains("amount_total");
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
    assertThat(effect.details().getString("object_id")).isEqualTo("cs_test_pay1");
  }

  @Test
  void effectOfAGoodEventIsItsMapping() {
    StripeEvent event = parse(event(COMPLETED, paidSession()));

    assertThat(EventMapper.effectOf(event, TEST_MODE)).isEqualTo(EventMapper.map(event, TEST_MODE));
  }

  @Test
  void nonIntegerCreatedIsPoison() {
    JsonObject event = event(COMPLETED, paidSession()).put("created", "1767225600");

    assertThatThrownBy(() -> map(event)).isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void missingCurrencyIsPoison() {
    JsonObject session = paidSession();
    session.remove("currency");

    assertThatThrownBy(() -> map(event(COMPLETED, session))).isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void paidSessionWithoutIdIsPoison() {
    JsonObject session = paidSession();
    session.remove("id");

    assertThatThrownBy(() -> map(event(COMPLETED, session))).isExactlyInstanceOf(PoisonEventException.class);
  }

  // Found by EventMappingFuzzTest: Set.contains(null) threw NullPointerException.
  @Test
  void aRefundWithoutStatusIsDebited() {
    JsonObject refund = new JsonObject().put("id", "re_nostatus").put("amount", 300).put("currency", "usd")
        .put("charge", "ch_1");

    EventEffect effect = map(event("refund.created", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.facts().facts()).containsExactly(new Fact.RefundSeen("re_nostatus", "ch_1", 300, null, CREATED));
    assertThat(netOf(effect)).isEqualTo(-300);
  }

  // Found by EventMappingFuzzTest: a created time beyond java.time's range threw DateTimeException.
  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, -1L, 946_684_799L, 253_402_300_800L})
  void aCreatedTimeOutsideTheYears2000To9999IsPoison(long created) {
    JsonObject event = event(COMPLETED, paidSession(), created);

    assertThatThrownBy(() -> map(event)).isInstanceOf(PoisonEventException.class);
  }

  @ParameterizedTest
  @CsvSource({"946684800", "253402300799"})
  void theFirstAndLastSecondsOfTheYears2000To9999AreBelieved(long created) {
    assertThat(map(event(COMPLETED, paidSession(), created)).outcome()).isEqualTo(Outcome.CREDITED);
  }

  // --- Issue 12: the event types and shapes added ---

  @Test
  void invoicePaymentPaidLinksItsInvoiceToThePaymentIntentAndCarriesItsShare() {
    String type = "invoice_payment.paid";
    JsonObject payment = invoicePayment("inpay_test_1", "in_test_2025", "pi_test_2025", 2900, "paid");

    EventEffect effect = map(event(type, payment));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.reason()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.amount()).isEqualTo(2900L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("inpay_test_1", "in_test_2025", "pi_test_2025"),
        new Fact.Paid("inpay_test_1", 2900, "invoice_payment", Fact.Carrier.PART)));
    assertThat(effect.details().getString("object_id")).isEqualTo("inpay_test_1");
    assertThat(effect.details().getLong("amount_paid")).isEqualTo(2900L);
  }

  @Test
  void invoicePaymentOfAChargeLinksTheCharge() {
    JsonObject payment = invoicePayment("inpay_test_1", "in_test_2025", null, 2900, "paid")
        .put("payment", new JsonObject().put("type", "charge").put("charge", "ch_test_legacy"));

    assertThat(map(event("invoice_payment.paid", payment)).facts().ids())
        .containsExactly("inpay_test_1", "in_test_2025", "ch_test_legacy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"open", "canceled"})
  void invoicePaymentNotPaidOnlyLinks(String status) {
    String type = "invoice_payment.paid";
    JsonObject payment = invoicePayment("inpay_test_1", "in_test_2025", "pi_test_2025", 2900, status);

    EventEffect effect = map(event(type, payment));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains(status);
    assertThat(effect.amount()).isNull();
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("inpay_test_1", "in_test_2025", "pi_test_2025")));
  }

  @Test
  void a2025InvoiceWithoutPaymentIntentIsKnownByItsOwnIdAlone() {
    EventEffect effect = map(event("invoice.paid", invoice2025("team-sub")));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.account()).isEqualTo("team-sub");
    assertThat(effect.amount()).isEqualTo(2900L);
    assertThat(effect.facts()).isEqualTo(facts("invoice.paid", List.of("in_test_2025"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "team-sub"),
        new Fact.Paid("in_test_2025", 2900, "subscription_payment", Fact.Carrier.INVOICE)));
  }

  @Test
  void subscriptionModeSessionLinksItsInvoiceAndNamesItsAccount() {
    JsonObject session = sample("pay-rails__checkout.session.completed.data.json").getJsonObject("object")
        .put("invoice", "in_test_first").put("client_reference_id", "team-sub");

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains("subscription");
    assertThat(effect.account()).isEqualTo("team-sub");
    assertThat(effect.amount()).isNull();
    assertThat(effect.facts()).isEqualTo(facts(COMPLETED,
        List.of("cs_test_a1UejXx8ebIdTzFolicVypUAZpOBVkoQKDbaarXoPlPVtj8p0zujPEEhjT", "in_test_first"),
        new Fact.Hint(AccountSource.CLIENT_REFERENCE_ID, "team-sub")));
  }

  @ParameterizedTest
  @CsvSource({"refund.updated, failed", "refund.updated, canceled", "refund.failed, failed"})
  void aFailedOrCanceledRefundGivesItsDebitBack(String type, String status) {
    long refundCreated = CREATED - 86_400;
    JsonObject refund = refund("re_test_1", 2000, status).put("charge", "ch_test_1").put("payment_intent", "pi_test_1")
        .put("created", refundCreated);

    EventEffect effect = map(event(type, refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.reason()).contains(status);
    assertThat(effect.amount()).isEqualTo(2000L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("re_test_1", "ch_test_1", "pi_test_1"),
        new Fact.RefundSeen("re_test_1", "ch_test_1", 2000, status, refundCreated)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pending", "succeeded", "requires_action"})
  void aRefundThatHasNotFailedDebits(String status) {
    JsonObject refund = refund("re_test_1", 2000, status).put("charge", "ch_test_1");

    EventEffect effect = map(event("refund.updated", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.reason()).isNull();
    assertThat(effect.facts().facts())
        .containsExactly(new Fact.RefundSeen("re_test_1", "ch_test_1", 2000, status, CREATED));
  }

  @Test
  void anExpandedChargeAndPaymentIntentAreHintsButARefundsOwnMetadataIsNot() {
    JsonObject refund = refund("re_test_1", 2000, "succeeded")
        .put("metadata", new JsonObject().put("account_id", "team-refund"))
        .put("charge", new JsonObject().put("id", "ch_test_1").put("metadata", new JsonObject().put("account_id", "team-charge")))
        .put("payment_intent", new JsonObject().put("id", "pi_test_1")
            .put("metadata", new JsonObject().put("account_id", "team-pi")));

    EventEffect effect = map(event("refund.created", refund));

    assertThat(effect.account()).isEqualTo("team-pi");
    assertThat(effect.facts()).isEqualTo(facts("refund.created", List.of("re_test_1", "ch_test_1", "pi_test_1"),
        new Fact.Hint(AccountSource.CHARGE_METADATA, "team-charge"),
        new Fact.Hint(AccountSource.PAYMENT_INTENT_METADATA, "team-pi"),
        new Fact.RefundSeen("re_test_1", "ch_test_1", 2000, "succeeded", CREATED)));
  }

  @Test
  void chargeRefundedNamesThePaymentIntentMetadataOfAnExpandedPaymentIntent() {
    JsonObject charge = charge(300, new JsonArray()).put("payment_intent", new JsonObject().put("id", "pi_test_1")
        .put("metadata", new JsonObject().put("account_id", "team-pi")));

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.account()).isEqualTo("team-pi");
    assertThat(effect.facts()).isEqualTo(facts("charge.refunded", List.of("ch_test_1", "pi_test_1"),
        new Fact.Hint(AccountSource.PAYMENT_INTENT_METADATA, "team-pi"), new Fact.RefundedTotal("ch_test_1", 300)));
  }

  @ParameterizedTest
  @CsvSource({"charge.dispute.created", "charge.dispute.closed"})
  void aPreventedDisputeMovesNoMoneyItNeverBecameAChargeback(String type) {
    EventEffect effect = map(event(type, dispute("prevented")));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.reason()).isEqualTo("dispute prevented before a chargeback: no funds withdrawn");
    assertThat(effect.amount()).isNull();
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("du_test_1", "ch_test_1", "pi_test_1")));
  }

  @ParameterizedTest
  @CsvSource({
      "charge.dispute.created, warning_needs_response",
      "charge.dispute.created, warning_under_review",
      "charge.dispute.closed, warning_closed"})
  void inquiriesMoveNoMoney(String type, String status) {
    EventEffect effect = map(event(type, dispute(status)));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.reason()).contains("inquiry").contains(status);
    assertThat(effect.amount()).isNull();
    assertThat(effect.currency()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("du_test_1", "ch_test_1", "pi_test_1")));
  }

  /** Funds leave when a dispute is formal or withdrawn, and come back when it is won or reinstated. */
  @ParameterizedTest
  @CsvSource({
      "charge.dispute.created, needs_response, DEBITED, false",
      "charge.dispute.created, under_review, DEBITED, false",
      "charge.dispute.funds_withdrawn, needs_response, DEBITED, false",
      "charge.dispute.closed, lost, DEBITED, false",
      "charge.dispute.funds_reinstated, under_review, CREDITED, true",
      "charge.dispute.closed, won, CREDITED, true"})
  void aDisputeMovesMoneyWhenItsFundsMove(String type, String status, Outcome outcome, boolean reinstated) {
    EventEffect effect = map(event(type, dispute(status)));

    assertThat(effect.outcome()).isEqualTo(outcome);
    assertThat(effect.amount()).isEqualTo(1500L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.facts()).isEqualTo(facts(type, List.of("du_test_1", "ch_test_1", "pi_test_1"),
        new Fact.DisputeSeen("du_test_1", "ch_test_1", 1500, true, reinstated)));
  }

  @Test
  void aLostDisputeKeepsItsOneDebit() {
    EventEffect created = map(event("charge.dispute.created", dispute("needs_response")));
    EventEffect lost = map(event("charge.dispute.closed", dispute("lost"), CREATED + 86_400 * 30));

    assertThat(PaymentHistory.of(List.of(created.facts(), lost.facts()), "default").lines())
        .extracting(PaymentHistory.Line::slot, PaymentHistory.Line::month, PaymentHistory.Line::signed)
        .containsExactly(tuple("dispute:du_test_1", "2026-03", -1500L));
  }

  @Test
  void chargeMetadataIsAHintButADisputesOwnMetadataIsNot() {
    JsonObject dispute = dispute("needs_response").put("metadata", new JsonObject().put("account_id", "team-dispute"))
        .put("charge", new JsonObject().put("id", "ch_test_1").put("metadata", new JsonObject().put("account_id", "team-charge")));

    EventEffect effect = map(event("charge.dispute.created", dispute));

    assertThat(effect.account()).isEqualTo("team-charge");
    assertThat(effect.facts().facts()).containsExactly(
        new Fact.Hint(AccountSource.CHARGE_METADATA, "team-charge"),
        new Fact.DisputeSeen("du_test_1", "ch_test_1", 1500, true, false));
  }

  @Test
  void anIntegerBeyondAnyLongIsUnbelievableNotMalformed() {
    String raw = event(COMPLETED, paidSession()).encode()
        .replace("\"amount_total\":5000", "\"amount_total\":99999999999999999999");

    EventEffect effect = EventMapper.map(StripeEvent.parse(new JsonObject(raw)), TEST_MODE);

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.facts()).isNull();
  }

  @Test
  void anAmountOf10To13IsBelieved() {
    EventEffect effect = map(event(COMPLETED, paidSession().put("amount_total", 10_000_000_000_000L)));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.facts().facts()).containsExactly(new Fact.Paid("pi_test_pay1", 10_000_000_000_000L, "checkout", Fact.Carrier.SESSION));
  }

  @ParameterizedTest
  @ValueSource(strings = {"session", "invoice", "invoice_payment", "charge_total", "listed_refund", "refund", "dispute"})
  void anAmountAbove10To13NeedsReview(String carrier) {
    long tooMuch = 10_000_000_000_001L;
    JsonObject event = switch (carrier) {
      case "session" -> event(COMPLETED, paidSession().put("amount_total", tooMuch));
      case "invoice" -> event("invoice.paid", invoice().put("amount_paid", tooMuch));
      case "invoice_payment" -> event("invoice_payment.paid",
          invoicePayment("inpay_test_1", "in_test_1", "pi_test_1", tooMuch, "paid"));
      case "charge_total" -> event("charge.refunded", charge(tooMuch, new JsonArray()));
      case "listed_refund" -> event("charge.refunded", charge(300, new JsonArray().add(refund("re_x", tooMuch, "failed"))));
      case "refund" -> event("refund.created", refund("re_x", tooMuch, "succeeded").put("charge", "ch_test_1"));
      default -> event("charge.dispute.created", dispute("needs_response").put("amount", tooMuch));
    };

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.reason()).contains("10000000000000");
    assertThat(effect.facts()).isNull();
    assertThat(effect.currency()).isEqualTo("usd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "payment_intent", "invoice"})
  void anIdContainingNulIsPoisonAndFails(String field) {
    JsonObject session = paidSession().put(field, "cs_test_\u0000evil");
    JsonObject event = event(COMPLETED, session);
    assertThat(event.encode()).contains("\\u0000");

    assertThatThrownBy(() -> map(event)).isExactlyInstanceOf(PoisonEventException.class).hasMessageContaining(field);
    EventEffect effect = EventMapper.effectOf(parse(event), TEST_MODE);

    assertThat(effect.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(effect.reason()).isEqualTo(field + " is not a Stripe id");
    assertThat(effect.facts()).isNull();
    assertThat(effect.amount()).isNull();
    assertThat(nulsIn(effect.details())).isZero();
  }

  @Test
  void aFailedEventKeepsItsNulIdEscapedInTheDetails() {
    JsonObject event = event("refund.created", refund("re_test_\u0000x", 300, "succeeded"));

    EventEffect effect = EventMapper.effectOf(parse(event), TEST_MODE);

    assertThat(effect.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(effect.details().getString("object_id")).isEqualTo("re_test_\\u0000x");
  }

  @Test
  void nulInACustomerNameMovesTheMoneyAndTheDetailsKeepItEscaped() {
    JsonObject session = paidSession().put("customer_email", "zo\u0000e@example.com").put("customer_details",
        new JsonObject().put("name", "Zo\u0000e Null").put("email", "zo\u0000e@example.com"));

    EventEffect effect = map(event(COMPLETED, session));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.facts().facts()).containsExactly(new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION));
    assertThat(effect.details().getString("customer_email")).isEqualTo("zo\\u0000e@example.com");
    assertThat(nulsIn(effect.details())).isZero();
  }

  @Test
  void nulInAPreviousCustomerNameIsKeptEscapedKeysAndValues() {
    JsonObject data = new JsonObject()
        .put("object", new JsonObject().put("id", "sub_1").put("object", "subscription").put("status", "active"))
        .put("previous_attributes", new JsonObject().put("metadata",
            new JsonObject().put("customer_name", "Zo\u0000e").put("k\u0000", "v")));

    EventEffect effect = map(wrapData("customer.subscription.updated", data));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    JsonObject previous = effect.details().getJsonObject("previous_attributes").getJsonObject("metadata");
    assertThat(previous.getString("customer_name")).isEqualTo("Zo\\u0000e");
    assertThat(previous.getString("k\\u0000")).isEqualTo("v");
  }

  @Test
  void nulInAnAccountIdNeedsReviewAndInASourceFallsBack() {
    EventEffect account = map(event(COMPLETED, paidSession().put("client_reference_id", "team\u0000a")));
    EventEffect source = map(event(COMPLETED, paidSession().put("metadata", new JsonObject().put("source", "x\u0000"))));

    assertThat(account.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(account.facts()).isNull();
    assertThat(source.facts().facts()).containsExactly(new Fact.Paid("pi_test_pay1", 5000, "checkout", Fact.Carrier.SESSION));
  }

  /** How many U+0000 characters the keys and strings of {@code json} hold, at any depth. */
  private static long nulsIn(Object json) {
    if (json instanceof String text) {
      return text.chars().filter(c -> c == 0).count();
    }
    if (json instanceof JsonObject object) {
      return object.fieldNames().stream().mapToLong(key -> nulsIn(key) + nulsIn(object.getValue(key))).sum();
    }
    return json instanceof JsonArray array ? array.stream().mapToLong(EventMapperTest::nulsIn).sum() : 0;
  }

  /** The expected facts of an event that {@link StripeJson#event} wrapped. */
  static PaymentFacts facts(String type, List<String> ids, Fact... facts) {
    return new PaymentFacts(eventId(type), CREATED, ids, List.of(facts));
  }

  /** What the event's facts alone book on their payment, every slot and month together. */
  static long netOf(EventEffect effect) {
    return PaymentHistory.of(List.of(effect.facts()), "default").lines().stream()
        .mapToLong(PaymentHistory.Line::signed).sum();
  }
}
