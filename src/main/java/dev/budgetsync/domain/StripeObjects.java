package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.budgetsync.domain.StripeFields.amount;
import static dev.budgetsync.domain.StripeFields.currency;
import static dev.budgetsync.domain.StripeFields.id;
import static dev.budgetsync.domain.StripeFields.ids;
import static dev.budgetsync.domain.StripeFields.listed;
import static dev.budgetsync.domain.StripeFields.path;
import static dev.budgetsync.domain.StripeFields.requireId;
import static dev.budgetsync.domain.StripeFields.requiredAmount;
import static dev.budgetsync.domain.StripeFields.string;

/**
 * Reads what each kind of Stripe object says about its payment: the ids that name the payment, the
 * account hints, and the money facts. Every API version's shape is read (2025+ invoices without
 * {@code payment_intent}, legacy ones with it; charges with and without {@code refunds.data}).
 */
final class StripeObjects {
  private static final Set<String> INQUIRY = Set.of("warning_needs_response", "warning_under_review", "warning_closed");
  private static final Set<String> FORMAL = Set.of("needs_response", "under_review", "won", "lost", "charge_refunded");
  /**
   * Stripe's API reference: "a dispute that was prevented from becoming a formal chargeback" (dispute
   * prevention, API 2025-08-27). No chargeback, so no funds leave as a dispute; when it was resolved
   * by refunding the cardholder, that money leaves as the refund, which is booked as any refund.
   */
  private static final String PREVENTED = "prevented";

  private StripeObjects() {
  }

  /** The planned outcome of one event with its payment's ids and facts; {@code currency} null when no money is named. */
  record Reading(Outcome outcome, String reason, String currency, long amount, List<String> ids, List<Fact> facts) {
    static Reading noMoney(Outcome outcome, String reason) {
      return new Reading(outcome, reason, null, 0, List.of(), List.of());
    }
  }

  static Reading session(JsonObject session) {
    String mode = string(session, "mode");
    String paymentStatus = string(session, "payment_status");
    if ("setup".equals(mode) || "no_payment_required".equals(paymentStatus)) {
      return Reading.noMoney(Outcome.SKIPPED, "session requires no payment");
    }
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.CLIENT_REFERENCE_ID, string(session, "client_reference_id"));
    hint(facts, AccountSource.SESSION_METADATA, accountIn(path(session, "metadata")));
    hint(facts, AccountSource.PAYMENT_INTENT_METADATA, accountIn(path(session, "payment_intent", "metadata")));
    String sessionId = requireId(session);
    String paymentIntent = id(session, "payment_intent");
    // A subscription's first invoice, or the invoice a payment-mode session created: the same payment.
    List<String> ids = ids(sessionId, paymentIntent, id(session, "invoice"));
    if ("subscription".equals(mode)) {
      return new Reading(Outcome.SKIPPED, "subscription-mode session: its invoice carries the money", null, 0, ids,
          facts);
    }
    if (!"paid".equals(paymentStatus)) {
      return new Reading(Outcome.SKIPPED, "payment status " + paymentStatus
          + ": credited on checkout.session.async_payment_succeeded", null, 0, ids, facts);
    }
    long amount = requiredAmount(session, "amount_total");
    if (amount == 0) {
      return new Reading(Outcome.SKIPPED, "session paid nothing", null, 0, ids, facts);
    }
    facts.add(new Fact.Paid(paymentIntent != null ? paymentIntent : sessionId, amount, source(session, "checkout"),
        Fact.Carrier.SESSION));
    return new Reading(Outcome.CREDITED, null, currency(session), amount, ids, facts);
  }

  static Reading invoice(JsonObject invoice) {
    String invoiceId = requireId(invoice);
    List<String> ids = new ArrayList<>(ids(invoiceId, id(invoice, "payment_intent"), id(invoice, "charge")));
    for (JsonObject payment : listed(invoice, "payments")) {
      ids.addAll(ids(id(payment, "id"), id(path(payment, "payment"), "payment_intent"),
          id(path(payment, "payment"), "charge")));
    }
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.INVOICE_METADATA, accountIn(path(invoice, "metadata")));
    hint(facts, AccountSource.SUBSCRIPTION_METADATA, subscriptionAccount(invoice));
    long paid = requiredAmount(invoice, "amount_paid");
    if (paid == 0) {
      return new Reading(Outcome.SKIPPED, "invoice paid nothing", null, 0, distinct(ids), facts);
    }
    boolean subscription = id(invoice, "subscription") != null || path(invoice, "parent", "subscription_details") != null;
    facts.add(new Fact.Paid(invoiceId, paid, source(invoice, subscription ? "subscription_payment" : "invoice_payment"),
        Fact.Carrier.INVOICE));
    return new Reading(Outcome.CREDITED, null, currency(invoice), paid, distinct(ids), facts);
  }

  /** API 2025-03-31+: links an invoice to the PaymentIntent that paid it, and carries that share of its money. */
  static Reading invoicePayment(JsonObject invoicePayment) {
    JsonObject payment = path(invoicePayment, "payment");
    List<String> ids = ids(requireId(invoicePayment), id(invoicePayment, "invoice"), id(payment, "payment_intent"),
        id(payment, "charge"));
    Long paid = amount(invoicePayment, "amount_paid");
    if (!"paid".equals(string(invoicePayment, "status")) || paid == null || paid == 0) {
      return new Reading(Outcome.SKIPPED, "invoice payment status " + string(invoicePayment, "status"), null, 0, ids,
          List.of());
    }
    List<Fact> facts = List.of(new Fact.Paid(ids.get(0), paid, "invoice_payment", Fact.Carrier.PART));
    return new Reading(Outcome.CREDITED, null, currency(invoicePayment), paid, ids, facts);
  }

  /**
   * A PaymentIntent names its charge, its legacy invoice and its metadata: links and a hint, no money
   * (the session or invoice it paid carries that). Reconciliation reads them from the API too.
   */
  static Reading paymentIntent(JsonObject paymentIntent) {
    List<String> ids = ids(requireId(paymentIntent), id(paymentIntent, "latest_charge"), id(paymentIntent, "invoice"));
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.PAYMENT_INTENT_METADATA, accountIn(path(paymentIntent, "metadata")));
    return new Reading(Outcome.LOGGED, null, null, 0, ids, facts);
  }

  /**
   * The charge's cumulative {@code amount_refunded}, and each listed refund by id: recent API versions
   * omit the list, long lists are cut short; the ledger combines both without counting twice.
   */
  static Reading chargeRefunded(JsonObject charge, long eventCreated) {
    String chargeId = requireId(charge);
    List<String> ids = new ArrayList<>(ids(chargeId, id(charge, "payment_intent"), id(charge, "invoice")));
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.CHARGE_METADATA, accountIn(path(charge, "metadata")));
    hint(facts, AccountSource.PAYMENT_INTENT_METADATA, accountIn(path(charge, "payment_intent", "metadata")));
    for (JsonObject refund : listed(charge, "refunds")) {
      facts.add(refundSeen(refund, chargeId, eventCreated));
      ids.add(requireId(refund));
    }
    long refunded = requiredAmount(charge, "amount_refunded");
    facts.add(new Fact.RefundedTotal(chargeId, refunded));
    return new Reading(refunded > 0 ? Outcome.DEBITED : Outcome.SKIPPED, refunded > 0 ? null : "nothing refunded",
        currency(charge), refunded, distinct(ids), facts);
  }

  static Reading refund(JsonObject refund, long eventCreated) {
    String chargeId = id(refund, "charge");
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.CHARGE_METADATA, accountIn(path(refund, "charge", "metadata")));
    hint(facts, AccountSource.PAYMENT_INTENT_METADATA, accountIn(path(refund, "payment_intent", "metadata")));
    Fact.RefundSeen seen = refundSeen(refund, chargeId, eventCreated);
    facts.add(seen);
    List<String> ids = ids(seen.refundId(), chargeId, id(refund, "payment_intent"));
    return seen.failed()
        ? new Reading(Outcome.CREDITED, "refund " + seen.status() + ": its debit is given back", currency(refund),
            seen.amount(), ids, facts)
        : new Reading(Outcome.DEBITED, null, currency(refund), seen.amount(), ids, facts);
  }

  /**
   * Inquiries and prevented disputes move no money; funds leave when a dispute is formal, and come back
   * when won or reinstated.
   */
  static Reading dispute(JsonObject dispute, String eventType) {
    String status = string(dispute, "status");
    if (status != null && !INQUIRY.contains(status) && !FORMAL.contains(status) && !PREVENTED.equals(status)) {
      throw new PoisonEventException("dispute status is not one Stripe sends");
    }
    boolean withdrawn = eventType.equals("charge.dispute.funds_withdrawn") || status != null && FORMAL.contains(status);
    boolean reinstated = eventType.equals("charge.dispute.funds_reinstated") || "won".equals(status);
    String chargeId = id(dispute, "charge");
    List<String> ids = ids(requireId(dispute), chargeId, id(dispute, "payment_intent"));
    List<Fact> facts = new ArrayList<>();
    hint(facts, AccountSource.CHARGE_METADATA, accountIn(path(dispute, "charge", "metadata")));
    long amount = requiredAmount(dispute, "amount");
    if (!withdrawn && !reinstated) {
      String what = PREVENTED.equals(status) ? "dispute prevented before a chargeback" : "inquiry (" + status + ")";
      return new Reading(Outcome.LOGGED, what + ": no funds withdrawn", null, 0, ids, facts);
    }
    facts.add(new Fact.DisputeSeen(ids.get(0), chargeId, amount, withdrawn || reinstated, reinstated));
    return new Reading(reinstated ? Outcome.CREDITED : Outcome.DEBITED, null, currency(dispute), amount, ids, facts);
  }

  private static Fact.RefundSeen refundSeen(JsonObject refund, String chargeId, long eventCreated) {
    Long created = amount(refund, "created");
    return new Fact.RefundSeen(requireId(refund), chargeId != null ? chargeId : id(refund, "charge"),
        requiredAmount(refund, "amount"), string(refund, "status"), created != null ? created : eventCreated);
  }

  /** The account an object names for the history (a subscription change, a failed payment), or null. */
  static String namedAccount(JsonObject object) {
    String account = string(object, "client_reference_id");
    account = account != null ? account : accountIn(path(object, "metadata"));
    return account != null ? account : subscriptionAccount(object);
  }

  private static String subscriptionAccount(JsonObject invoice) {
    String account = accountIn(path(invoice, "parent", "subscription_details", "metadata"));
    account = account != null ? account : accountIn(path(invoice, "subscription_details", "metadata"));
    return account != null ? account : accountIn(path(invoice, "subscription", "metadata"));
  }

  private static void hint(List<Fact> facts, AccountSource source, String account) {
    if (account != null) {
      facts.add(new Fact.Hint(source, account));
    }
  }

  private static String accountIn(JsonObject metadata) {
    return string(metadata, "account_id");
  }

  private static String source(JsonObject object, String fallback) {
    String source = string(path(object, "metadata"), "source");
    return source != null && source.matches("[A-Za-z0-9_.:-]{1,64}") ? source : fallback;
  }

  private static List<String> distinct(List<String> ids) {
    return ids.stream().distinct().toList();
  }
}
