package dev.budgetsync.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Stripe-shaped events and objects for {@link FakeStripe}, each built from one of the MIT samples in
 * {@code src/test/resources/samples} (see its README) with fresh ids and the amounts and accounts
 * a test chooses.
 */
public final class ApiSamples {
  private ApiSamples() {
  }

  /** {@code checkout.session.completed} of a paid payment-mode session crediting {@code account}. */
  public static JsonObject paidSession(String account, long amount, long created) {
    JsonObject session = Events.sample("stripe-openapi__fixtures3.checkout.session.json").copy()
        .put("id", Events.newId("cs")).put("mode", "payment").put("payment_status", "paid").put("status", "complete")
        .put("amount_subtotal", amount).put("amount_total", amount).put("currency", "usd")
        .put("client_reference_id", account).put("payment_intent", Events.newId("pi")).put("created", created);
    return Events.wrap("checkout.session.completed", session, created);
  }

  /** {@code invoice.paid} of a one-off invoice whose metadata names {@code account}. */
  public static JsonObject paidInvoice(String account, long amount, long created) {
    JsonObject invoice = Events.sample("pay-rails__invoice.paid-invoice-object.json").copy()
        .put("id", Events.newId("in")).put("amount_paid", amount).put("amount_due", amount).put("total", amount)
        .put("subtotal", amount).put("payment_intent", Events.newId("pi")).put("charge", Events.newId("ch"))
        .put("metadata", new JsonObject().put("account_id", account)).put("created", created);
    return Events.wrap("invoice.paid", invoice, created);
  }

  /** {@code charge.refunded}: {@code amount} of the session that {@code sessionEvent} paid, as one listed refund. */
  public static JsonObject refundOf(JsonObject sessionEvent, long amount, long created) {
    JsonObject session = sessionEvent.getJsonObject("data").getJsonObject("object");
    JsonObject data = Events.sample("pay-rails__charge.refunded.data.json");
    JsonObject charge = data.getJsonObject("object").copy();
    String chargeId = Events.newId("ch");
    JsonObject refund = charge.getJsonObject("refunds").getJsonArray("data").getJsonObject(0).copy()
        .put("id", Events.newId("re")).put("amount", amount).put("charge", chargeId)
        .put("payment_intent", session.getString("payment_intent")).put("created", created);
    charge.put("id", chargeId).put("amount", session.getLong("amount_total")).put("amount_captured",
            session.getLong("amount_total")).put("amount_refunded", amount).put("currency", "usd")
        .put("payment_intent", session.getString("payment_intent")).put("created", created)
        .put("refunds", charge.getJsonObject("refunds").copy().put("data", new JsonArray().add(refund))
            .put("url", "/v1/charges/" + chargeId + "/refunds"));
    return Events.wrap("charge.refunded", charge, created);
  }

  /** {@code customer.subscription.updated}, which moves no money. */
  public static JsonObject subscriptionUpdated(long created) {
    JsonObject data = Events.sample("pay-rails__customer.subscription.updated.data.json");
    JsonObject event = Events.wrap("customer.subscription.updated",
        data.getJsonObject("object").copy().put("id", Events.newId("sub")), created);
    event.getJsonObject("data").put("previous_attributes", data.getJsonObject("previous_attributes").copy());
    return event;
  }

  /** A webhook endpoint as {@code GET /v1/webhook_endpoints} lists it (shape of Stripe's API reference). */
  public static JsonObject endpoint(String url, String status, List<String> enabledEvents) {
    return new JsonObject().put("id", Events.newId("we")).put("object", "webhook_endpoint")
        .put("api_version", "2025-09-30.clover").put("application", null).put("created", 1_760_000_000L)
        .put("description", null).put("enabled_events", new JsonArray(enabledEvents)).put("livemode", false)
        .put("metadata", new JsonObject()).put("status", status).put("url", url);
  }
}
