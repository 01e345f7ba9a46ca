package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static dev.budgetsync.domain.StripeFields.amount;
import static dev.budgetsync.domain.StripeFields.currency;
import static dev.budgetsync.domain.StripeFields.id;
import static dev.budgetsync.domain.StripeFields.path;
import static dev.budgetsync.domain.StripeFields.requiredAmount;
import static dev.budgetsync.domain.StripeFields.string;

/**
 * Maps a Stripe event to its money effects: event JSON and account settings in, intended ledger
 * entries out. Pure, so it can be unit-tested, replayed and batched; whether the money already
 * moved is the ledger's decision, not this class's.
 */
public final class EventMapper {
  public static final List<String> SUPPORTED_EVENTS = List.of(
      "checkout.session.completed",
      "checkout.session.async_payment_succeeded",
      "checkout.session.async_payment_failed",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice.payment_failed",
      "charge.refunded",
      "refund.created",
      "refund.updated",
      "charge.dispute.created",
      "charge.dispute.closed",
      "customer.subscription.created",
      "customer.subscription.updated",
      "customer.subscription.deleted");
  private static final long EARLIEST_CREATED = 946_684_800L;
  private static final long LATEST_CREATED = 253_402_300_799L;
  private static final Set<String> REFUND_NOT_MOVED = Set.of("failed", "canceled");

  private EventMapper() {
  }

  /** Like {@link #map}, but an event it cannot process becomes a {@code failed} effect instead of an exception. */
  public static EventEffect effectOf(StripeEvent event, AccountSettings settings) {
    try {
      return map(event, settings);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return EventEffect.noMoney(Outcome.FAILED, reason, null, new JsonObject());
    }
  }

  public static EventEffect map(StripeEvent event, AccountSettings settings) {
    if (event.livemode() != settings.livemode()) {
      String mode = event.livemode() ? "live" : "test";
      return EventEffect.noMoney(Outcome.IGNORED,
          mode + "-mode event on a " + (settings.livemode() ? "live" : "test") + "-mode deployment", null, details(event));
    }
    if (event.created() == null) {
      throw new PoisonEventException("event has no integer created time");
    }
    if (event.created() < EARLIEST_CREATED || event.created() > LATEST_CREATED) {
      throw new PoisonEventException("event created time is outside the years 2000 to 9999");
    }
    Context ctx = new Context(event, event.object(), settings, Months.ofEpochSecond(event.created()));
    return switch (event.type()) {
      case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> checkoutPaid(ctx);
      case "invoice.paid", "invoice.payment_succeeded" -> invoicePaid(ctx);
      case "charge.refunded" -> chargeRefunded(ctx);
      case "refund.created", "refund.updated" -> refund(ctx);
      case "charge.dispute.created" -> disputeCreated(ctx);
      case "charge.dispute.closed" -> disputeClosed(ctx);
      case "checkout.session.async_payment_failed", "invoice.payment_failed",
          "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted" ->
          EventEffect.noMoney(Outcome.LOGGED, null, ctx.account(), details(event));
      default -> EventEffect.noMoney(Outcome.IGNORED, "event type not handled", null, details(event));
    };
  }

  private static EventEffect checkoutPaid(Context ctx) {
    JsonObject session = ctx.object;
    String paymentStatus = string(session, "payment_status");
    String mode = string(session, "mode");
    if ("subscription".equals(mode)) {
      return ctx.skip("subscription-mode session: its invoice carries the money");
    }
    if ("setup".equals(mode) || "no_payment_required".equals(paymentStatus)) {
      return ctx.skip("session requires no payment");
    }
    if (!"paid".equals(paymentStatus)) {
      return ctx.skip("payment status " + paymentStatus + ": credited on checkout.session.async_payment_succeeded");
    }
    String sessionId = requireId(session);
    List<String> keys = keys(id(session, "payment_intent"), id(session, "invoice"), sessionId);
    return ctx.credit(requiredAmount(session, "amount_total"), source(session, "checkout"), keys);
  }

  private static EventEffect invoicePaid(Context ctx) {
    JsonObject invoice = ctx.object;
    String invoiceId = requireId(invoice);
    Long paid = requiredAmount(invoice, "amount_paid");
    String fallbackSource = subscriptionOf(invoice) != null ? "subscription_payment" : "invoice_payment";
    List<String> keys = new ArrayList<>(keys(invoiceId, id(invoice, "payment_intent"), id(invoice, "charge")));
    JsonArray payments = path(invoice, "payments") == null ? null : path(invoice, "payments").getJsonArray("data");
    if (payments != null) {
      payments.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
          .map(p -> id(path(p, "payment"), "payment_intent")).filter(Objects::nonNull).forEach(keys::add);
    }
    if (paid == 0) {
      return ctx.skip("invoice paid nothing");
    }
    return ctx.credit(paid, source(invoice, fallbackSource), keys);
  }

  /**
   * Each listed refund is debited once by its id; the cumulative {@code amount_refunded} then debits
   * whatever the list did not cover (recent API versions omit the list, long lists are cut short).
   */
  private static EventEffect chargeRefunded(Context ctx) {
    JsonObject charge = ctx.object;
    String chargeId = requireId(charge);
    List<String> paymentKeys = paymentKeys(charge, chargeId);
    JsonObject refundList = path(charge, "refunds");
    JsonArray refunds = refundList == null ? null : refundList.getJsonArray("data");
    List<LedgerIntent> debits = new ArrayList<>();
    if (refunds != null) {
      for (Object item : refunds) {
        if (!(item instanceof JsonObject refund)) {
          throw new PoisonEventException("refunds.data holds a non-object");
        }
        if (moves(refund)) {
          debits.add(ctx.debitIntent(requiredAmount(refund, "amount"), "refund", requireId(refund), chargeId,
              paymentKeys));
        }
      }
    }
    long amountRefunded = requiredAmount(charge, "amount_refunded");
    if (amountRefunded > 0) {
      debits.add(ctx.cumulativeRefund(amountRefunded, chargeId, paymentKeys));
    }
    return ctx.debits(debits);
  }

  private static EventEffect refund(Context ctx) {
    JsonObject refund = ctx.object;
    if (!moves(refund)) {
      return ctx.skip("refund status " + string(refund, "status"));
    }
    String chargeId = id(refund, "charge");
    return ctx.debits(List.of(ctx.debitIntent(requiredAmount(refund, "amount"), "refund", requireId(refund),
        chargeId, paymentKeys(refund, chargeId))));
  }

  /** A refund moves money unless it failed or was canceled; pending ones are committed to. */
  private static boolean moves(JsonObject refund) {
    String status = string(refund, "status");
    return status == null || !REFUND_NOT_MOVED.contains(status);
  }

  private static EventEffect disputeCreated(Context ctx) {
    JsonObject dispute = ctx.object;
    String chargeId = id(dispute, "charge");
    return ctx.debits(List.of(ctx.debitIntent(requiredAmount(dispute, "amount"), "dispute", requireId(dispute),
        chargeId, paymentKeys(dispute, chargeId))));
  }

  private static EventEffect disputeClosed(Context ctx) {
    JsonObject dispute = ctx.object;
    if (!"won".equals(string(dispute, "status"))) {
      return EventEffect.noMoney(Outcome.LOGGED, "dispute closed as " + string(dispute, "status"), null, details(ctx.event));
    }
    String chargeId = id(dispute, "charge");
    LedgerIntent credit = new LedgerIntent(EntryKind.CREDIT,
        new AccountRef(paymentKeys(dispute, chargeId), ctx.account()), ctx.month, requiredAmount(dispute, "amount"),
        currency(dispute), "dispute_won", requireId(dispute) + ":won", List.of(), chargeId, ctx.metadata(), false);
    return ctx.money(Outcome.CREDITED, List.of(credit));
  }

  /** The ids under which the ledger may know the payment that a refund or dispute takes back. */
  private static List<String> paymentKeys(JsonObject object, String chargeId) {
    return keys(id(object, "payment_intent"), chargeId, id(object, "invoice"));
  }

  private static List<String> keys(String... ids) {
    return Stream.of(ids).filter(Objects::nonNull).distinct().toList();
  }

  private static String requireId(JsonObject object) {
    String id = string(object, "id");
    if (id == null) {
      throw new PoisonEventException("data.object has no id");
    }
    return id;
  }

  private static String source(JsonObject object, String fallback) {
    String source = string(path(object, "metadata"), "source");
    return source == null ? fallback : source;
  }

  private static String subscriptionOf(JsonObject invoice) {
    String legacy = id(invoice, "subscription");
    return legacy != null ? legacy : string(path(invoice, "parent", "subscription_details"), "subscription");
  }

  /** Searchable facts about an event for the billing log; the raw payload is kept beside them. */
  static JsonObject details(StripeEvent event) {
    JsonObject object = event.object();
    JsonObject details = new JsonObject().put("event_id", event.id()).put("event_type", event.type());
    put(details, "object_id", string(object, "id"));
    put(details, "customer", id(object, "customer"));
    put(details, "customer_email", firstNonNull(string(object, "customer_email"),
        string(path(object, "customer_details"), "email")));
    put(details, "status", string(object, "status"));
    put(details, "subscription", firstNonNull(subscriptionOf(object), id(object, "subscription")));
    put(details, "plan", firstNonNull(string(path(object, "plan"), "id"), planOfItems(object)));
    for (String field : List.of("amount", "amount_total", "amount_paid", "amount_due", "amount_refunded")) {
      if (object.getValue(field) instanceof Number n) {
        details.put(field, n);
      }
    }
    put(details, "currency", string(object, "currency"));
    JsonObject previous = path(event.json(), "data", "previous_attributes");
    if (previous != null) {
      details.put("previous_attributes", previous.copy());
    }
    return details;
  }

  private static String planOfItems(JsonObject object) {
    JsonObject items = path(object, "items");
    JsonArray data = items == null ? null : items.getJsonArray("data");
    if (data == null || data.isEmpty() || !(data.getValue(0) instanceof JsonObject first)) {
      return null;
    }
    return firstNonNull(string(path(first, "price"), "id"), string(path(first, "plan"), "id"));
  }

  private static void put(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  /** One event's inputs, and the decisions every handler shares. */
  private record Context(StripeEvent event, JsonObject object, AccountSettings settings, String month) {

    /** client_reference_id, else metadata.account_id on the object or its subscription, else the default. */
    String account() {
      String account = firstNonNull(string(object, "client_reference_id"), accountIn(path(object, "metadata")));
      account = firstNonNull(account, accountIn(path(object, "parent", "subscription_details", "metadata")));
      account = firstNonNull(account, accountIn(path(object, "subscription_details", "metadata")));
      account = firstNonNull(account, accountIn(path(object, "subscription", "metadata")));
      return account == null ? settings.defaultAccount() : account;
    }

    private static String accountIn(JsonObject metadata) {
      return string(metadata, "account_id");
    }

    JsonObject metadata() {
      return details(event);
    }

    EventEffect skip(String reason) {
      return EventEffect.noMoney(Outcome.SKIPPED, reason, account(), details(event));
    }

    EventEffect credit(long amount, String source, List<String> keys) {
      LedgerIntent credit = new LedgerIntent(EntryKind.CREDIT, AccountRef.of(account()), month, amount,
          currency(object), source, keys.get(0), keys.subList(1, keys.size()), null, metadata(), false);
      return money(Outcome.CREDITED, List.of(credit));
    }

    LedgerIntent debitIntent(long amount, String source, String moneyKey, String chargeId, List<String> paymentKeys) {
      return new LedgerIntent(EntryKind.DEBIT, new AccountRef(paymentKeys, account()), month, amount,
          currency(object), source, moneyKey, List.of(), chargeId, metadata(), false);
    }

    /** What a charge's cumulative amount_refunded adds to the refunds already debited for it. */
    LedgerIntent cumulativeRefund(long amountRefunded, String chargeId, List<String> paymentKeys) {
      return new LedgerIntent(EntryKind.DEBIT, new AccountRef(paymentKeys, account()), month,
          amountRefunded, currency(object), "refund", chargeId + ":refunded:" + amountRefunded, List.of(), chargeId,
          metadata(), true);
    }

    EventEffect debits(List<LedgerIntent> debits) {
      if (debits.isEmpty()) {
        return skip("no refund moved money");
      }
      return money(Outcome.DEBITED, debits);
    }

    /** Applies the checks every money movement shares: a valid account, the budget's currency, a non-zero amount. */
    EventEffect money(Outcome outcome, List<LedgerIntent> intents) {
      String account = account();
      // A cumulative refund overlaps the listed ones; the ledger decides what actually moves.
      long listed = intents.stream().filter(i -> !i.cumulative()).mapToLong(LedgerIntent::amount).sum();
      long total = Math.max(listed, intents.stream().filter(LedgerIntent::cumulative).mapToLong(LedgerIntent::amount)
          .max().orElse(0));
      String currency = intents.get(0).currency();
      if (!AccountSettings.isValidAccount(account)) {
        return new EventEffect(Outcome.NEEDS_REVIEW, "account id is not valid", null, total, currency, List.of(),
            details(event));
      }
      if (!currency.equals(settings.budgetCurrency())) {
        return new EventEffect(Outcome.NEEDS_REVIEW, "currency " + currency + " differs from the budget currency "
            + settings.budgetCurrency() + "; not converted", account, total, currency, List.of(), details(event));
      }
      if (total == 0) {
        return skip("amount is zero");
      }
      return new EventEffect(outcome, null, account, total, currency, intents, details(event));
    }
  }
}
