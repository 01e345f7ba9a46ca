package dev.budgetsync.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Stripe events for tests: wrapped as Stripe delivers them, with fresh ids. */
public final class Events {
  private static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

  private Events() {
  }

  public static String newId(String prefix) {
    return prefix + "_test" + Long.toHexString(SEQ.incrementAndGet());
  }

  public static JsonObject wrap(String type, JsonObject object, long created) {
    return new JsonObject()
        .put("id", newId("evt")).put("object", "event").put("api_version", "2025-09-30.clover")
        .put("created", created).put("data", new JsonObject().put("object", object)).put("livemode", false)
        .put("pending_webhooks", 1).put("request", new JsonObject().put("id", (String) null)
            .put("idempotency_key", (String) null)).put("type", type);
  }

  public static JsonObject wrap(String type, JsonObject object) {
    return wrap(type, object, StripeSigning.now());
  }

  /** A paid payment-mode Checkout session. */
  public static JsonObject paidSession(long amount, String currency, String account) {
    JsonObject session = new JsonObject()
        .put("id", newId("cs")).put("object", "checkout.session").put("mode", "payment")
        .put("payment_status", "paid").put("status", "complete").put("amount_total", amount)
        .put("currency", currency).put("payment_intent", newId("pi"))
        .put("metadata", new JsonObject().put("source", "marketing_topup"));
    if (account != null) {
      session.put("client_reference_id", account);
    }
    return session;
  }

  /** A paid invoice in the 2025+ shape, its subscription's metadata naming the account. */
  public static JsonObject paidInvoice(long amount, String currency, String account) {
    return new JsonObject()
        .put("id", newId("in")).put("object", "invoice").put("status", "paid").put("amount_paid", amount)
        .put("amount_due", amount).put("currency", currency).put("customer", newId("cus"))
        .put("customer_email", "jenny.rosen@example.com")
        .put("parent", new JsonObject().put("type", "subscription_details").put("subscription_details",
            new JsonObject().put("subscription", newId("sub"))
                .put("metadata", new JsonObject().put("account_id", account))));
  }

  /** A charge of a PaymentIntent, refunded by {@code amountRefunded} so far; {@code refunds} may be null. */
  public static JsonObject charge(String chargeId, String paymentIntent, long amount, long amountRefunded,
                                  io.vertx.core.json.JsonArray refunds) {
    JsonObject charge = new JsonObject().put("id", chargeId).put("object", "charge").put("amount", amount)
        .put("amount_refunded", amountRefunded).put("currency", "usd").put("payment_intent", paymentIntent)
        .put("refunded", amount == amountRefunded);
    if (refunds != null) {
      charge.put("refunds", new JsonObject().put("object", "list").put("data", refunds).put("has_more", false));
    }
    return charge;
  }

  public static JsonObject refund(String refundId, String chargeId, String paymentIntent, long amount) {
    return new JsonObject().put("id", refundId).put("object", "refund").put("amount", amount)
        .put("charge", chargeId).put("payment_intent", paymentIntent).put("currency", "usd")
        .put("status", "succeeded");
  }

  public static JsonObject dispute(String disputeId, String chargeId, String paymentIntent, long amount, String status) {
    return new JsonObject().put("id", disputeId).put("object", "dispute").put("amount", amount)
        .put("charge", chargeId).put("payment_intent", paymentIntent).put("currency", "usd").put("status", status);
  }

  /** A sample from ../shared/stripe-samples, as JSON. */
  public static JsonObject sample(String file) {
    for (Path dir : new Path[] {Path.of("../shared/stripe-samples"), Path.of("src/test/resources/samples")}) {
      Path path = dir.resolve(file);
      if (Files.exists(path)) {
        try {
          return new JsonObject(Files.readString(path));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException("sample not found: " + file);
  }
}
