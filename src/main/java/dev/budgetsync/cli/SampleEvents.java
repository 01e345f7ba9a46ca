package dev.budgetsync.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Realistic Stripe events, shaped as Stripe's current API sends them, for {@code trigger} and tests. */
public final class SampleEvents {
  public static final String API_VERSION = "2025-09-30.clover";
  public static final List<String> TYPES = List.of(
      "checkout.session.completed", "checkout.session.async_payment_succeeded", "invoice.paid",
      "invoice.payment_succeeded", "invoice.payment_failed", "charge.refunded", "customer.subscription.created",
      "customer.subscription.updated", "customer.subscription.deleted");
  private static final SecureRandom RANDOM = new SecureRandom();

  private SampleEvents() {
  }

  public static String id(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + HexFormat.of().formatHex(bytes);
  }

  /** The event, or null when {@code type} is not one of {@link #TYPES}. */
  public static JsonObject build(String type, long amount, String currency, String account, long created) {
    JsonObject object = switch (type) {
      case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
          checkoutSession(amount, currency, account);
      case "invoice.paid", "invoice.payment_succeeded" -> invoice(amount, currency, account, "paid");
      case "invoice.payment_failed" -> invoice(amount, currency, account, "open");
      case "charge.refunded" -> charge(amount, currency, account);
      case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
          subscription(amount, currency, account, type.endsWith("deleted") ? "canceled" : "active");
      default -> null;
    };
    if (object == null) {
      return null;
    }
    return new JsonObject()
        .put("id", id("evt")).put("object", "event").put("api_version", API_VERSION).put("created", created)
        .put("data", new JsonObject().put("object", object)).put("livemode", false).put("pending_webhooks", 1)
        .put("request", new JsonObject().put("id", null).put("idempotency_key", null)).put("type", type);
  }

  private static JsonObject checkoutSession(long amount, String currency, String account) {
    return new JsonObject()
        .put("id", id("cs_test")).put("object", "checkout.session").put("mode", "payment")
        .put("status", "complete").put("payment_status", "paid")
        .put("amount_subtotal", amount).put("amount_total", amount).put("currency", currency)
        .put("client_reference_id", account).put("customer", id("cus"))
        .put("customer_details", new JsonObject().put("email", "jenny.rosen@example.com"))
        .put("payment_intent", id("pi")).put("invoice", null)
        .put("metadata", new JsonObject().put("source", "cli_trigger"));
  }

  private static JsonObject invoice(long amount, String currency, String account, String status) {
    boolean paid = status.equals("paid");
    String subscription = id("sub");
    return new JsonObject()
        .put("id", id("in")).put("object", "invoice").put("status", status)
        .put("amount_due", amount).put("amount_paid", paid ? amount : 0).put("amount_remaining", paid ? 0 : amount)
        .put("currency", currency).put("customer", id("cus")).put("customer_email", "jenny.rosen@example.com")
        .put("billing_reason", "subscription_cycle").put("attempt_count", 1)
        .put("parent", new JsonObject().put("type", "subscription_details")
            .put("subscription_details", new JsonObject().put("subscription", subscription)
                .put("metadata", new JsonObject().put("account_id", account))))
        .put("metadata", new JsonObject());
  }

  private static JsonObject charge(long amount, String currency, String account) {
    String chargeId = id("ch");
    return new JsonObject()
        .put("id", chargeId).put("object", "charge").put("amount", amount).put("amount_refunded", amount)
        .put("currency", currency).put("refunded", true).put("payment_intent", id("pi")).put("status", "succeeded")
        .put("metadata", new JsonObject().put("account_id", account))
        .put("refunds", new JsonObject().put("object", "list").put("has_more", false).put("data", new JsonArray()
            .add(new JsonObject().put("id", id("re")).put("object", "refund").put("amount", amount)
                .put("charge", chargeId).put("currency", currency).put("status", "succeeded"))));
  }

  private static JsonObject subscription(long amount, String currency, String account, String status) {
    return new JsonObject()
        .put("id", id("sub")).put("object", "subscription").put("status", status).put("customer", id("cus"))
        .put("currency", currency).put("metadata", new JsonObject().put("account_id", account))
        .put("items", new JsonObject().put("object", "list").put("data", new JsonArray().add(new JsonObject()
            .put("id", id("si")).put("price", new JsonObject().put("id", "price_monthly").put("unit_amount", amount)
                .put("currency", currency)))));
  }
}
