package dev.budgetsync.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Realistic Stripe events, shaped as Stripe's current API ({@link #API_VERSION}) sends them, for
 * {@code trigger} and tests. Payments are built here, refunds and disputes in {@link SampleRefunds}.
 */
public final class SampleEvents {
  public static final String API_VERSION = "2025-09-30.clover";
  /** One type a line: a constant, so that {@code trigger}'s help can list it. */
  static final String TYPE_LINES = """
        checkout.session.completed
        checkout.session.async_payment_succeeded
        checkout.session.async_payment_failed
        invoice.paid
        invoice.payment_succeeded
        invoice.payment_failed
        invoice_payment.paid
        charge.refunded
        refund.created
        refund.updated
        refund.failed
        charge.dispute.created
        charge.dispute.closed
        charge.dispute.funds_withdrawn
        charge.dispute.funds_reinstated
        customer.subscription.created
        customer.subscription.updated
        customer.subscription.deleted""";
  public static final List<String> TYPES = TYPE_LINES.lines().map(String::strip).toList();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SampleEvents() {
  }

  /**
   * What a sample is made of. {@code paymentIntent} and {@code charge} name an earlier payment (so a
   * refund or dispute takes back what a triggered checkout credited); null makes new ids.
   * {@code status} is the refund's or dispute's status; null takes the event type's usual one.
   */
  public record Sample(long amount, String currency, String account, String paymentIntent, String charge,
                       String status) {
    String paymentIntentOrNew() {
      return paymentIntent != null ? paymentIntent : id("pi");
    }

    String chargeOrNew() {
      return charge != null ? charge : id("ch");
    }
  }

  /** The event types, for picocli's completion and help. */
  public static final class Types implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(TYPES).iterator();
    }
  }

  public static String id(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + HexFormat.of().formatHex(bytes);
  }

  /** The event, or null when {@code type} is not one of {@link #TYPES}. */
  public static JsonObject build(String type, Sample sample, long created) {
    JsonObject object = switch (type) {
      case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
          checkoutSession(sample, "paid");
      case "checkout.session.async_payment_failed" -> checkoutSession(sample, "unpaid");
      case "invoice.paid", "invoice.payment_succeeded" -> invoice(sample, "paid");
      case "invoice.payment_failed" -> invoice(sample, "open");
      case "invoice_payment.paid" -> invoicePayment(sample, created);
      case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
          subscription(sample, type.endsWith("deleted") ? "canceled" : "active");
      default -> SampleRefunds.object(type, sample, created);
    };
    if (object == null) {
      return null;
    }
    return new JsonObject()
        .put("id", id("evt")).put("object", "event").put("api_version", API_VERSION).put("created", created)
        .put("data", new JsonObject().put("object", object)).put("livemode", false).put("pending_webhooks", 1)
        .put("request", new JsonObject().put("id", null).put("idempotency_key", null)).put("type", type);
  }

  private static JsonObject checkoutSession(Sample sample, String paymentStatus) {
    return new JsonObject()
        .put("id", id("cs_test")).put("object", "checkout.session").put("mode", "payment")
        .put("status", "complete").put("payment_status", paymentStatus)
        .put("amount_subtotal", sample.amount()).put("amount_total", sample.amount()).put("currency", sample.currency())
        .put("client_reference_id", sample.account()).put("customer", id("cus"))
        .put("customer_details", new JsonObject().put("email", "jenny.rosen@example.com"))
        .put("payment_intent", sample.paymentIntentOrNew()).put("invoice", null)
        .put("metadata", new JsonObject().put("source", "cli_trigger"));
  }

  private static JsonObject invoice(Sample sample, String status) {
    boolean paid = status.equals("paid");
    long amount = sample.amount();
    return new JsonObject()
        .put("id", id("in")).put("object", "invoice").put("status", status)
        .put("amount_due", amount).put("amount_paid", paid ? amount : 0).put("amount_remaining", paid ? 0 : amount)
        .put("currency", sample.currency()).put("customer", id("cus")).put("customer_email", "jenny.rosen@example.com")
        .put("billing_reason", "subscription_cycle").put("attempt_count", 1)
        .put("parent", new JsonObject().put("type", "subscription_details")
            .put("subscription_details", new JsonObject().put("subscription", id("sub"))
                .put("metadata", new JsonObject().put("account_id", sample.account()))))
        .put("metadata", new JsonObject());
  }

  /** API 2025-03-31 and later: the link between an invoice and the PaymentIntent that paid it. */
  private static JsonObject invoicePayment(Sample sample, long created) {
    return new JsonObject()
        .put("id", id("inpay")).put("object", "invoice_payment").put("amount_paid", sample.amount())
        .put("amount_requested", sample.amount()).put("created", created).put("currency", sample.currency())
        .put("invoice", id("in")).put("is_default", true).put("livemode", false)
        .put("payment", new JsonObject().put("type", "payment_intent").put("payment_intent", sample.paymentIntentOrNew()))
        .put("status", "paid")
        .put("status_transitions", new JsonObject().put("canceled_at", null).put("paid_at", created));
  }

  private static JsonObject subscription(Sample sample, String status) {
    return new JsonObject()
        .put("id", id("sub")).put("object", "subscription").put("status", status).put("customer", id("cus"))
        .put("currency", sample.currency()).put("metadata", new JsonObject().put("account_id", sample.account()))
        .put("items", new JsonObject().put("object", "list").put("data", new JsonArray()
            .add(new JsonObject().put("id", id("si")).put("price", new JsonObject().put("id", "price_monthly")
                .put("unit_amount", sample.amount()).put("currency", sample.currency())))));
  }
}
