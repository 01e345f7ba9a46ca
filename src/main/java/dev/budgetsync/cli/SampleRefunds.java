package dev.budgetsync.cli;

import dev.budgetsync.cli.SampleEvents.Sample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

import static dev.budgetsync.cli.SampleEvents.id;

/** The objects of sample refund and dispute events: money taken back from an earlier payment. */
final class SampleRefunds {
  /** Dispute statuses of an inquiry, which moves no money, as Stripe names them. */
  static final Set<String> INQUIRY_STATUSES = Set.of("warning_needs_response", "warning_under_review", "warning_closed");
  static final Set<String> DISPUTE_STATUSES = Set.of("warning_needs_response", "warning_under_review",
      "warning_closed", "needs_response", "under_review", "won", "lost", "prevented");
  static final Set<String> REFUND_STATUSES = Set.of("pending", "requires_action", "succeeded", "failed", "canceled");

  private SampleRefunds() {
  }

  /** The data.object of {@code type}, or null when it is not a refund or dispute event. */
  static JsonObject object(String type, Sample sample, long created) {
    return switch (type) {
      case "charge.refunded" -> charge(sample);
      case "refund.created" -> refund(sample, status(sample, "succeeded"), created);
      case "refund.updated" -> refund(sample, status(sample, "succeeded"), created);
      case "refund.failed" -> refund(sample, status(sample, "failed"), created);
      case "charge.dispute.created" -> dispute(sample, status(sample, "needs_response"), created);
      case "charge.dispute.funds_withdrawn" -> dispute(sample, status(sample, "needs_response"), created);
      case "charge.dispute.funds_reinstated", "charge.dispute.closed" -> dispute(sample, status(sample, "won"), created);
      default -> null;
    };
  }

  private static String status(Sample sample, String usual) {
    return sample.status() != null ? sample.status() : usual;
  }

  private static JsonObject charge(Sample sample) {
    String chargeId = sample.chargeOrNew();
    String paymentIntent = sample.paymentIntentOrNew();
    return new JsonObject()
        .put("id", chargeId).put("object", "charge").put("amount", sample.amount())
        .put("amount_captured", sample.amount()).put("amount_refunded", sample.amount())
        .put("currency", sample.currency()).put("captured", true).put("paid", true).put("refunded", true)
        .put("payment_intent", paymentIntent).put("status", "succeeded")
        .put("metadata", new JsonObject().put("account_id", sample.account()))
        .put("refunds", new JsonObject().put("object", "list").put("has_more", false).put("data", new JsonArray()
            .add(new JsonObject().put("id", id("re")).put("object", "refund").put("amount", sample.amount())
                .put("charge", chargeId).put("currency", sample.currency()).put("payment_intent", paymentIntent)
                .put("status", "succeeded"))));
  }

  private static JsonObject refund(Sample sample, String status, long created) {
    return new JsonObject()
        .put("id", id("re")).put("object", "refund").put("amount", sample.amount())
        .put("balance_transaction", id("txn")).put("charge", sample.chargeOrNew()).put("created", created)
        .put("currency", sample.currency()).put("destination_details", new JsonObject().put("type", "card")
            .put("card", new JsonObject().put("reference_status", "pending").put("type", "refund")))
        .put("failure_reason", status.equals("failed") ? "expired_or_canceled_card" : null)
        .put("metadata", new JsonObject().put("account_id", sample.account()))
        .put("payment_intent", sample.paymentIntentOrNew()).put("reason", "requested_by_customer")
        .put("receipt_number", null).put("source_transfer_reversal", null).put("status", status)
        .put("transfer_reversal", null);
  }

  private static JsonObject dispute(Sample sample, String status, long created) {
    boolean inquiry = INQUIRY_STATUSES.contains(status);
    return new JsonObject()
        .put("id", id("du")).put("object", "dispute").put("amount", sample.amount())
        .put("balance_transactions", new JsonArray()).put("charge", sample.chargeOrNew()).put("created", created)
        .put("currency", sample.currency())
        .put("evidence_details", new JsonObject().put("due_by", created + 7 * 86_400).put("has_evidence", false)
            .put("past_due", false).put("submission_count", 0))
        .put("is_charge_refundable", inquiry).put("livemode", false)
        .put("metadata", new JsonObject().put("account_id", sample.account()))
        .put("payment_intent", sample.paymentIntentOrNew()).put("reason", "fraudulent").put("status", status);
  }
}
