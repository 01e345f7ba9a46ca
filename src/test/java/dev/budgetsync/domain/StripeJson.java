package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stripe objects and events for the mapper's unit tests, with fixed ids so that the facts they map to
 * can be written out in full; events are serialised once and read back, as the webhook route does.
 */
final class StripeJson {
  static final AccountSettings TEST_MODE = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  static final long CREATED = Instant.parse("2026-03-15T12:00:00Z").getEpochSecond();

  private StripeJson() {
  }

  static EventEffect map(JsonObject event) {
    return EventMapper.map(parse(event), TEST_MODE);
  }

  static StripeEvent parse(JsonObject event) {
    StripeEvent parsed = StripeEvent.parse(new JsonObject(event.encode()));
    assertThat(parsed).as("event envelope").isNotNull();
    return parsed;
  }

  /** The id {@link #event} gives an event of this type. */
  static String eventId(String type) {
    return "evt_test_" + type.replace('.', '_');
  }

  static JsonObject event(String type, JsonObject object) {
    return event(type, object, CREATED);
  }

  static JsonObject event(String type, JsonObject object, long created) {
    return wrapData(type, new JsonObject().put("object", object), created);
  }

  static JsonObject wrapData(String type, JsonObject data) {
    return wrapData(type, data, CREATED);
  }

  static JsonObject wrapData(String type, JsonObject data, long created) {
    return new JsonObject()
        .put("id", eventId(type))
        .put("object", "event")
        .put("api_version", "2025-09-30.clover")
        .put("created", created)
        .put("data", data)
        .put("livemode", false)
        .put("pending_webhooks", 1)
        .put("request", new JsonObject().putNull("id").putNull("idempotency_key"))
        .put("type", type);
  }

  static JsonObject paidSession() {
    return new JsonObject()
        .put("id", "cs_test_pay1").put("object", "checkout.session")
        .put("mode", "payment").put("status", "complete").put("payment_status", "paid")
        .put("amount_total", 5000).put("currency", "usd")
        .put("payment_intent", "pi_test_pay1").putNull("invoice").putNull("client_reference_id")
        .put("customer", "cus_test_1").put("livemode", false)
        .put("metadata", new JsonObject());
  }

  /** A legacy-shape invoice: it names its PaymentIntent and charge. */
  static JsonObject invoice() {
    return new JsonObject()
        .put("id", "in_test_1").put("object", "invoice").put("status", "paid")
        .put("amount_due", 3000).put("amount_paid", 3000).put("currency", "usd")
        .put("customer", "cus_test_1").put("payment_intent", "pi_test_inv").put("charge", "ch_test_inv")
        .put("metadata", new JsonObject());
  }

  /** An API 2025-03-31+ invoice: no payment_intent, no charge; its subscription under {@code parent}. */
  static JsonObject invoice2025(String subscriptionAccount) {
    JsonObject details = new JsonObject().put("subscription", "sub_test_2025").put("metadata", new JsonObject());
    if (subscriptionAccount != null) {
      details.getJsonObject("metadata").put("account_id", subscriptionAccount);
    }
    return new JsonObject()
        .put("id", "in_test_2025").put("object", "invoice").put("status", "paid")
        .put("amount_due", 2900).put("amount_paid", 2900).put("currency", "usd").put("customer", "cus_test_1")
        .put("metadata", new JsonObject())
        .put("parent", new JsonObject().put("type", "subscription_details").put("subscription_details", details));
  }

  /** The 2025 InvoicePayment object of {@code invoice_payment.paid}. */
  static JsonObject invoicePayment(String id, String invoice, String paymentIntent, long amount, String status) {
    return new JsonObject().put("id", id).put("object", "invoice_payment").put("invoice", invoice)
        .put("amount_paid", amount).put("currency", "usd").put("status", status).put("is_default", true)
        .put("payment", new JsonObject().put("type", "payment_intent").put("payment_intent", paymentIntent));
  }

  static JsonObject charge(long amountRefunded, JsonArray refunds) {
    return new JsonObject()
        .put("id", "ch_test_1").put("object", "charge").put("amount", 1000).put("amount_refunded", amountRefunded)
        .put("currency", "usd")
        .put("payment_intent", "pi_test_1").put("metadata", new JsonObject())
        .put("refunds", new JsonObject().put("object", "list").put("data", refunds).put("has_more", false));
  }

  static JsonObject refund(String id, long amount, String status) {
    return new JsonObject().put("id", id).put("object", "refund").put("amount", amount)
        .put("currency", "usd").put("status", status);
  }

  static JsonObject dispute(String status) {
    return new JsonObject().put("id", "du_test_1").put("object", "dispute").put("amount", 1500)
        .put("charge", "ch_test_1").put("payment_intent", "pi_test_1").put("currency", "usd").put("status", status)
        .put("reason", "fraudulent").put("metadata", new JsonObject());
  }
}
