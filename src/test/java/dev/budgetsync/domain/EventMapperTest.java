package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventMapperTest {
  private static final AccountSettings TEST_MODE = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  private static final long CREATED = Instant.parse("2026-03-15T12:00:00Z").getEpochSecond();

  @Test
  void paidPaymentModeSessionCreditsAmountTotal() {
    JsonObject session = paidSession()
        .put("metadata", new JsonObject().put("source", "marketing_topup"));

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.reason()).isNull();
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.amount()).isEqualTo(5000L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.intents()).singleElement().satisfies(credit -> {
      assertThat(credit.kind()).isEqualTo(EntryKind.CREDIT);
      assertThat(credit.account()).isEqualTo(AccountRef.of("default"));
      assertThat(credit.month()).isEqualTo("2026-03");
      assertThat(credit.amount()).isEqualTo(5000L);
      assertThat(credit.currency()).isEqualTo("usd");
      assertThat(credit.source()).isEqualTo("marketing_topup");
      assertThat(credit.moneyKey()).isEqualTo("pi_test_pay1");
      assertThat(credit.aliasKeys()).containsExactly(session.getString("id"));
      assertThat(credit.allKeys()).containsExactly("pi_test_pay1", session.getString("id"));
      assertThat(credit.chargeId()).isNull();
      assertThat(credit.metadata().getString("event_type")).isEqualTo("checkout.session.completed");
    });
  }

  @Test
  void sessionThatCreatedAnInvoiceNamesItAmongItsKeys() {
    JsonObject session = paidSession().put("invoice", "in_test_from_session");

    LedgerIntent credit = map(event("checkout.session.completed", session)).intents().get(0);

    assertThat(credit.moneyKey()).isEqualTo("pi_test_pay1");
    assertThat(credit.aliasKeys()).containsExactly("in_test_from_session", session.getString("id"));
  }

  @Test
  void expandedPaymentIntentIsReadById() {
    JsonObject session = paidSession()
        .put("payment_intent", new JsonObject().put("id", "pi_expanded").put("object", "payment_intent"));

    assertThat(map(event("checkout.session.completed", session)).intents().get(0).moneyKey())
        .isEqualTo("pi_expanded");
  }

  @Test
  void sessionWithoutPaymentIntentIsKeyedBySessionId() {
    JsonObject session = paidSession().putNull("payment_intent");

    LedgerIntent credit = map(event("checkout.session.completed", session)).intents().get(0);

    assertThat(credit.moneyKey()).isEqualTo(session.getString("id"));
    assertThat(credit.aliasKeys()).isEmpty();
  }

  @Test
  void sourceDefaultsToCheckout() {
    JsonObject session = paidSession().put("metadata", new JsonObject());

    assertThat(map(event("checkout.session.completed", session)).intents().get(0).source()).isEqualTo("checkout");
  }

  @Test
  void subscriptionModeSessionIsSkippedBecauseItsInvoiceCarriesTheMoney() {
    JsonObject event = wrapData("checkout.session.completed", sample("pay-rails__checkout.session.completed.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains("subscription");
    assertThat(effect.intents()).isEmpty();
    assertThat(effect.amount()).isNull();
    assertThat(effect.account()).isEqualTo("default");
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

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).contains("unpaid");
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void noPaymentRequiredSessionIsSkipped() {
    JsonObject session = paidSession().put("payment_status", "no_payment_required").put("amount_total", 0);

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.reason()).isNotBlank();
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void setupModeSessionIsSkipped() {
    JsonObject session = paidSession().put("mode", "setup").putNull("amount_total").putNull("payment_intent")
        .put("payment_status", "no_payment_required");

    assertThat(map(event("checkout.session.completed", session)).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void asyncPaymentSucceededCredits() {
    // The current-shape sample, as it reads once its delayed payment has succeeded.
    JsonObject session = sample("stripe-openapi__fixtures3.checkout.session.json")
        .put("payment_status", "paid").put("status", "complete").put("amount_total", 2500).put("currency", "usd");

    EventEffect effect = map(event("checkout.session.async_payment_succeeded", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.amount()).isEqualTo(2500L);
    assertThat(effect.intents()).singleElement().satisfies(credit -> {
      assertThat(credit.moneyKey()).isEqualTo("pi_1PgafyB7WZ01zgkWSjxsAJo3");
      assertThat(credit.aliasKeys()).containsExactly("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY");
    });
  }

  @Test
  void asyncPaymentFailedIsLogged() {
    JsonObject session = paidSession().put("payment_status", "unpaid");

    EventEffect effect = map(event("checkout.session.async_payment_failed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void paidSessionWithZeroTotalIsSkipped() {
    EventEffect effect = map(event("checkout.session.completed", paidSession().put("amount_total", 0)));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void paidInvoiceSampleCreditsAmountPaid() {
    JsonObject invoice = sample("pay-rails__invoice.paid-invoice-object.json");

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(effect.amount()).isEqualTo(24512L);
    assertThat(effect.currency()).isEqualTo("usd");
    assertThat(effect.account()).isEqualTo("default");
    assertThat(effect.intents()).singleElement().satisfies(credit -> {
      assertThat(credit.kind()).isEqualTo(EntryKind.CREDIT);
      assertThat(credit.amount()).isEqualTo(24512L);
      assertThat(credit.moneyKey()).isEqualTo("in_1RFFohKXBGcbgpbZk9MxzDMc");
      assertThat(credit.aliasKeys()).containsExactly("pi_3RFFrjKXBGcbgpbZ0mAQxeI1", "ch_3RFFrjKXBGcbgpbZ0g57Qovb");
      // This sample is a one-off invoice (billing_reason manual, subscription null, parent null).
      assertThat(credit.source()).isEqualTo("invoice_payment");
    });
  }

  @Test
  void paymentSucceededMapsLikePaid() {
    JsonObject invoice = sample("pay-rails__invoice.paid-invoice-object.json");

    EventEffect paid = map(event("invoice.paid", invoice));
    EventEffect succeeded = map(event("invoice.payment_succeeded", invoice));

    assertThat(succeeded.outcome()).isEqualTo(Outcome.CREDITED);
    assertThat(succeeded.intents().get(0).allKeys()).isEqualTo(paid.intents().get(0).allKeys());
    assertThat(succeeded.amount()).isEqualTo(paid.amount());
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
    assertThat(effect.intents()).singleElement().satisfies(credit -> {
      assertThat(credit.account()).isEqualTo(AccountRef.of("team-alpha"));
      assertThat(credit.source()).isEqualTo("subscription_payment");
      assertThat(credit.moneyKey()).isEqualTo("in_1234");
      assertThat(credit.aliasKeys()).contains("pi_test_2025");
    });
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
    assertThat(effect.intents().get(0).source()).isEqualTo("subscription_payment");
    assertThat(effect.intents().get(0).allKeys()).containsExactly("in_test_1", "pi_test_inv", "ch_test_inv");
  }

  @Test
  void expandedSubscriptionMetadataNamesTheAccount() {
    JsonObject invoice = invoice().put("subscription", new JsonObject()
        .put("id", "sub_expanded").put("metadata", new JsonObject().put("account_id", "team-expanded")));

    EventEffect effect = map(event("invoice.paid", invoice));

    assertThat(effect.account()).isEqualTo("team-expanded");
    assertThat(effect.intents().get(0).source()).isEqualTo("subscription_payment");
  }

  @Test
  void invoiceOwnMetadataWinsOverItsSubscriptions() {
    JsonObject invoice = invoice()
        .put("metadata", new JsonObject().put("account_id", "from-invoice"))
        .put("parent", new JsonObject().put("type", "subscription_details").put("subscription_details",
            new JsonObject().put("subscription", "sub_1").put("metadata", new JsonObject().put("account_id", "from-sub"))));

    assertThat(map(event("invoice.paid", invoice)).account()).isEqualTo("from-invoice");
  }

  @Test
  void invoiceSourceFromMetadata() {
    JsonObject invoice = invoice().put("metadata", new JsonObject().put("source", "enterprise_plan"));

    assertThat(map(event("invoice.paid", invoice)).intents().get(0).source()).isEqualTo("enterprise_plan");
  }

  @Test
  void invoicePayingNothingIsSkipped() {
    EventEffect effect = map(event("invoice.paid", invoice().put("amount_paid", 0)));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void paymentFailedIsLoggedWithItsDetails() {
    JsonObject event = wrapData("invoice.payment_failed", sample("pay-rails__invoice.payment_failed.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.intents()).isEmpty();
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
    JsonObject event = wrapData("customer.subscription.updated", sample("pay-rails__customer.subscription.updated.data.json"));

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(effect.intents()).isEmpty();
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
    assertThat(effect.intents()).allSatisfy(debit -> {
      assertThat(debit.kind()).isEqualTo(EntryKind.DEBIT);
      assertThat(debit.chargeId()).isEqualTo("ch_chargeid");
      assertThat(debit.source()).isEqualTo("refund");
      assertThat(debit.month()).isEqualTo("2026-03");
      assertThat(debit.currency()).isEqualTo("usd");
      // The refunded payment's account wins; the charge's metadata (none here) or the default is the fallback.
      assertThat(debit.account().paymentKeys()).containsExactly("pm_1234", "ch_chargeid");
      assertThat(debit.account().fallback()).isEqualTo("default");
    });
    assertThat(effect.intents()).filteredOn(debit -> !debit.cumulative()).singleElement().satisfies(debit -> {
      assertThat(debit.moneyKey()).isEqualTo("re_3LQOJoKXBGcbgpbZ10i9Mg75");
      assertThat(debit.amount()).isEqualTo(500L);
      assertThat(debit.aliasKeys()).isEmpty();
    });
    assertThat(effect.intents()).filteredOn(LedgerIntent::cumulative).singleElement()
        .satisfies(debit -> assertThat(debit.amount()).isEqualTo(500L));
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
    assertThat(effect.intents()).singleElement().satisfies(debit -> {
      assertThat(debit.cumulative()).isTrue();
      assertThat(debit.kind()).isEqualTo(EntryKind.DEBIT);
      assertThat(debit.amount()).isEqualTo(700L);
      assertThat(debit.chargeId()).isEqualTo("ch_test_1");
      assertThat(debit.account().paymentKeys()).containsExactly("pi_test_1", "ch_test_1");
    });
  }

  @Test
  void cumulativeAmountBeyondAShortenedListCounts() {
    JsonObject charge = charge(1000, new JsonArray().add(refund("re_listed", 300, "succeeded")));
    charge.getJsonObject("refunds").put("has_more", true);

    EventEffect effect = map(event("charge.refunded", charge));

    assertThat(effect.amount()).isEqualTo(1000L);
    assertThat(effect.intents()).extracting(LedgerIntent::amount).containsExactlyInAnyOrder(300L, 1000L);
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
    assertThat(effect.intents()).filteredOn(debit -> !debit.cumulative())
        .extracting(LedgerIntent::moneyKey).containsExactly("re_ok", "re_pending");
  }

  @Test
  void chargeWhoseRefundsAllFailedIsSkipped() {
    EventEffect effect = map(event("charge.refunded", charge(0, new JsonArray().add(refund("re_x", 300, "canceled")))));

    assertThat(effect.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void chargeMetadataAccountIsTheFallback() {
    JsonObject charge = charge(300, new JsonArray().add(refund("re_ok", 300, "succeeded")))
        .put("metadata", new JsonObject().put("account_id", "team-charge"));

    assertThat(map(event("charge.refunded", charge)).intents())
        .isNotEmpty()
        .allSatisfy(debit -> assertThat(debit.account().fallback()).isEqualTo("team-charge"));
  }

  @Test
  void refundCreatedDebitsOnce() {
    JsonObject refund = refund("re_standalone", 700, "succeeded").put("charge", "ch_1").put("payment_intent", "pi_1");

    EventEffect effect = map(event("refund.created", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.intents()).singleElement().satisfies(debit -> {
      assertThat(debit.moneyKey()).isEqualTo("re_standalone");
      assertThat(debit.amount()).isEqualTo(700L);
      assertThat(debit.chargeId()).isEqualTo("ch_1");
      assertThat(debit.account().paymentKeys()).containsExactly("pi_1", "ch_1");
    });
  }

  @Test
  void failedRefundUpdateIsSkipped() {
    JsonObject refund = refund("re_standalone", 700, "failed").put("charge", "ch_1");

    assertThat(map(event("refund.updated", refund)).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void clientReferenceIdWinsOverMetadata() {
    JsonObject session = paidSession().put("client_reference_id", "team-ref")
        .put("metadata", new JsonObject().put("account_id", "team-meta"));

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.account()).isEqualTo("team-ref");
    assertThat(effect.intents().get(0).account()).isEqualTo(AccountRef.of("team-ref"));
  }

  @Test
  void metadataAccountIdWhenNoClientReference() {
    JsonObject session = paidSession().put("metadata", new JsonObject().put("account_id", "team-meta"));

    assertThat(map(event("checkout.session.completed", session)).account()).isEqualTo("team-meta");
  }

  @Test
  void defaultAccountWhenNoneIsNamed() {
    AccountSettings settings = new AccountSettings("house", "usd", false, List.of(50, 80, 100));
    JsonObject session = paidSession().put("client_reference_id", "").put("metadata", new JsonObject());

    EventEffect effect = EventMapper.map(parse(event("checkout.session.completed", session)), settings);

    assertThat(effect.account()).isEqualTo("house");
    assertThat(effect.intents().get(0).account()).isEqualTo(AccountRef.of("house"));
  }

  @Test
  void invalidAccountIdNeedsReview() {
    JsonObject session = paidSession().put("client_reference_id", "not a valid account!");

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void otherCurrencyNeedsReviewAndCreditsNothing() {
    JsonObject session = paidSession().put("currency", "eur");

    EventEffect effect = map(event("checkout.session.completed", session));

    assertThat(effect.outcome()).isEqualTo(Outcome.NEEDS_REVIEW);
    assertThat(effect.intents()).isEmpty();
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
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void liveEventOnTestDeploymentIsIgnored() {
    JsonObject event = event("checkout.session.completed", paidSession()).put("livemode", true);

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.intents()).isEmpty();
    assertThat(effect.reason()).contains("live");
  }

  @Test
  void testEventOnLiveDeploymentIsIgnored() {
    AccountSettings live = new AccountSettings("default", "usd", true, List.of(50, 80, 100));

    EventEffect effect = EventMapper.map(parse(event("checkout.session.completed", paidSession())), live);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.intents()).isEmpty();
  }

  @Test
  void liveEventOnLiveDeploymentCredits() {
    AccountSettings live = new AccountSettings("default", "usd", true, List.of(50, 80, 100));
    JsonObject event = event("checkout.session.completed", paidSession().put("livemode", true)).put("livemode", true);

    assertThat(EventMapper.map(parse(event), live).outcome()).isEqualTo(Outcome.CREDITED);
  }

  @Test
  void unknownEventTypeIsIgnored() {
    // A whole event envelope from Stripe's fixtures: plan.created, which moves no money here.
    JsonObject event = sample("stripe-openapi__fixtures3.event.json");

    EventEffect effect = map(event);

    assertThat(effect.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(effect.reason()).isNotBlank();
    assertThat(effect.intents()).isEmpty();
    assertThat(effect.details().getString("event_id")).isEqualTo("evt_1Pgc76B7WZ01zgkWwyRHS12y");
    assertThat(effect.details().getString("event_type")).isEqualTo("plan.created");
  }

  @Test
  void monthIsTheUtcMonthOfCreated() {
    long lastSecondsOfJanuary = Instant.parse("2026-01-31T23:59:30Z").getEpochSecond();
    long firstSecondOfFebruary = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();

    EventEffect january = map(event("checkout.session.completed", paidSession(), lastSecondsOfJanuary));
    EventEffect february = map(event("checkout.session.completed", paidSession(), firstSecondOfFebruary));

    assertThat(january.intents().get(0).month()).isEqualTo("2026-01");
    assertThat(february.intents().get(0).month()).isEqualTo("2026-02");
  }

  @Test
  void mappingIsPureAndRepeatable() {
    StripeEvent event = parse(event("checkout.session.completed", paidSession()));

    assertThat(EventMapper.map(event, TEST_MODE)).isEqualTo(EventMapper.map(event, TEST_MODE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"5000\"", "-5000", "50.5", "5000.0", "1e3", "99999999999999999999", "true", "{}"})
  void amountThatIsNotANonNegativeIntegerIsPoison(String amountJson) {
    String raw = event("checkout.session.completed", paidSession()).encode()
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

    assertThatThrownBy(() -> map(event("checkout.session.completed", session)))
        .isExactlyInstanceOf(PoisonEventException.class);
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
    JsonObject event = event("checkout.session.completed", paidSession());
    event.remove("created");

    assertThatThrownBy(() -> map(event))
        .isExactlyInstanceOf(PoisonEventException.class)
        .hasMessageContaining("created");
  }

  @Test
  void effectOfTurnsAPoisonEventIntoAFailedEffect() {
    JsonObject event = event("checkout.session.completed", paidSession().put("amount_total", "5000"));

    EventEffect effect = EventMapper.effectOf(parse(event), TEST_MODE);

    assertThat(effect.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(effect.reason()).contains("amount_total");
    assertThat(effect.intents()).isEmpty();
    assertThat(effect.amount()).isNull();
  }

  @Test
  void effectOfAGoodEventIsItsMapping() {
    StripeEvent event = parse(event("checkout.session.completed", paidSession()));

    assertThat(EventMapper.effectOf(event, TEST_MODE)).isEqualTo(EventMapper.map(event, TEST_MODE));
  }

  @Test
  void nonIntegerCreatedIsPoison() {
    JsonObject event = event("checkout.session.completed", paidSession()).put("created", "1767225600");

    assertThatThrownBy(() -> map(event)).isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void missingCurrencyIsPoison() {
    JsonObject session = paidSession();
    session.remove("currency");

    assertThatThrownBy(() -> map(event("checkout.session.completed", session)))
        .isExactlyInstanceOf(PoisonEventException.class);
  }

  @Test
  void paidSessionWithoutIdIsPoison() {
    JsonObject session = paidSession();
    session.remove("id");

    assertThatThrownBy(() -> map(event("checkout.session.completed", session)))
        .isExactlyInstanceOf(PoisonEventException.class);
  }

  // --- events, wrapped and serialised as Stripe delivers them ---

  // Found by EventMappingFuzzTest: Set.contains(null) threw NullPointerException.
  @Test
  void aRefundWithoutStatusIsDebited() {
    JsonObject refund = new JsonObject().put("id", "re_nostatus").put("amount", 300).put("currency", "usd")
        .put("charge", "ch_1");

    EventEffect effect = map(event("refund.created", refund));

    assertThat(effect.outcome()).isEqualTo(Outcome.DEBITED);
    assertThat(effect.intents()).singleElement().satisfies(i -> assertThat(i.amount()).isEqualTo(300));
  }

  // Found by EventMappingFuzzTest: a created time beyond java.time's range threw DateTimeException.
  @Test
  void aCreatedTimeOutsideTheYears2000To9999IsPoison() {
    for (long created : new long[] {Long.MAX_VALUE, -1L, 946_684_799L, 253_402_300_800L}) {
      JsonObject event = event("checkout.session.completed", paidSession(), created);
      assertThatThrownBy(() -> map(event)).as("created %d", created).isInstanceOf(PoisonEventException.class);
    }
  }

  private static EventEffect map(JsonObject event) {
    return EventMapper.map(parse(event), TEST_MODE);
  }

  /** Serialises the envelope once and reads those bytes back, as the webhook route does. */
  private static StripeEvent parse(JsonObject event) {
    StripeEvent parsed = StripeEvent.parse(new JsonObject(event.encode()));
    assertThat(parsed).as("event envelope").isNotNull();
    return parsed;
  }

  private static JsonObject event(String type, JsonObject object) {
    return event(type, object, CREATED);
  }

  private static JsonObject event(String type, JsonObject object, long created) {
    return wrapData(type, new JsonObject().put("object", object), created);
  }

  private static JsonObject wrapData(String type, JsonObject data) {
    return wrapData(type, data, CREATED);
  }

  private static JsonObject wrapData(String type, JsonObject data, long created) {
    return new JsonObject()
        .put("id", "evt_test_" + type.replace('.', '_'))
        .put("object", "event")
        .put("api_version", "2025-09-30.clover")
        .put("created", created)
        .put("data", data)
        .put("livemode", false)
        .put("pending_webhooks", 1)
        .put("request", new JsonObject().putNull("id").putNull("idempotency_key"))
        .put("type", type);
  }

  private static JsonObject paidSession() {
    return new JsonObject()
        .put("id", "cs_test_pay1").put("object", "checkout.session")
        .put("mode", "payment").put("status", "complete").put("payment_status", "paid")
        .put("amount_total", 5000).put("currency", "usd")
        .put("payment_intent", "pi_test_pay1").putNull("invoice").putNull("client_reference_id")
        .put("customer", "cus_test_1").put("livemode", false)
        .put("metadata", new JsonObject());
  }

  private static JsonObject invoice() {
    return new JsonObject()
        .put("id", "in_test_1").put("object", "invoice").put("status", "paid")
        .put("amount_due", 3000).put("amount_paid", 3000).put("currency", "usd")
        .put("customer", "cus_test_1").put("payment_intent", "pi_test_inv").put("charge", "ch_test_inv")
        .put("metadata", new JsonObject());
  }

  private static JsonObject charge(long amountRefunded, JsonArray refunds) {
    return new JsonObject()
        .put("id", "ch_test_1").put("object", "charge").put("amount", 1000).put("amount_refunded", amountRefunded)
        .put("currency", "usd")
        .put("payment_intent", "pi_test_1").put("metadata", new JsonObject())
        .put("refunds", new JsonObject().put("object", "list").put("data", refunds).put("has_more", false));
  }

  private static JsonObject refund(String id, long amount, String status) {
    return new JsonObject().put("id", id).put("object", "refund").put("amount", amount)
        .put("currency", "usd").put("status", status);
  }

  private static JsonObject sample(String name) {
    try (InputStream in = EventMapperTest.class.getResourceAsStream("/samples/" + name)) {
      assertThat(in).as("test resource samples/" + name).isNotNull();
      return new JsonObject(new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
