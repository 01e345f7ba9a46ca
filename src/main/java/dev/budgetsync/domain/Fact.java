package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

/**
 * One thing an event says about the money of its payment, in the event's own words. The ledger of
 * a payment is a function of the set of its facts ({@link PaymentHistory}), never of their order.
 */
public sealed interface Fact {

  /** Evidence of whose payment it is, from {@code source}. */
  record Hint(AccountSource source, String account) implements Fact {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("fact", "hint").put("source", source.name()).put("account", account);
    }
  }

  /** What carries a payment's money: a paid Checkout Session, a paid invoice, or one invoice payment. */
  enum Carrier { SESSION, INVOICE, PART }

  /**
   * A carrier of the payment's money: a session or an invoice carries the whole payment, an invoice
   * payment ({@code PART}) a share of its invoice, by its own id.
   */
  record Paid(String objectId, long amount, String source, Carrier carrier) implements Fact {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("fact", "paid").put("object", objectId).put("amount", amount)
          .put("source", source).put("carrier", carrier.name());
    }
  }

  /**
   * A refund as one event saw it. {@code refundCreated} is the refund's own creation time (unix
   * seconds), which orders it against a charge's cumulative total; {@code chargeId} may be null.
   */
  record RefundSeen(String refundId, String chargeId, long amount, String status, long refundCreated)
      implements Fact {
    public boolean failed() {
      return "failed".equals(status) || "canceled".equals(status);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("fact", "refund").put("refund", refundId).put("charge", chargeId)
          .put("amount", amount).put("status", status).put("refund_created", refundCreated);
    }
  }

  /** A charge's cumulative {@code amount_refunded} at the event's time. */
  record RefundedTotal(String chargeId, long amountRefunded) implements Fact {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("fact", "refunded").put("charge", chargeId).put("amount_refunded", amountRefunded);
    }
  }

  /** A dispute as one event saw it: {@code withdrawn} when its funds are out, {@code reinstated} when back. */
  record DisputeSeen(String disputeId, String chargeId, long amount, boolean withdrawn, boolean reinstated)
      implements Fact {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("fact", "dispute").put("dispute", disputeId).put("charge", chargeId)
          .put("amount", amount).put("withdrawn", withdrawn).put("reinstated", reinstated);
    }
  }

  /** The form kept in {@code stripe_event.facts}. */
  JsonObject toJson();

  static Fact fromJson(JsonObject json) {
    return switch (json.getString("fact")) {
      case "hint" -> new Hint(AccountSource.valueOf(json.getString("source")), json.getString("account"));
      case "paid" -> new Paid(json.getString("object"), json.getLong("amount"), json.getString("source"),
          Carrier.valueOf(json.getString("carrier")));
      case "refund" -> new RefundSeen(json.getString("refund"), json.getString("charge"), json.getLong("amount"),
          json.getString("status"), json.getLong("refund_created"));
      case "refunded" -> new RefundedTotal(json.getString("charge"), json.getLong("amount_refunded"));
      case "dispute" -> new DisputeSeen(json.getString("dispute"), json.getString("charge"), json.getLong("amount"),
          json.getBoolean("withdrawn"), json.getBoolean("reinstated"));
      default -> throw new IllegalArgumentException("unknown fact " + json.getString("fact"));
    };
  }
}
