package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Amounts;

import java.util.List;

/**
 * Maps a Stripe event to what it means for the money: event JSON and account settings in, the
 * event's planned outcome and its payment's {@link PaymentFacts} out. Pure, so it can be unit-tested,
 * replayed and batched; what the ledger books is decided from the facts of every event of the payment
 * ({@link PaymentHistory}), not from this one event.
 */
public final class EventMapper {
  public static final List<String> SUPPORTED_EVENTS = List.of(
      "checkout.session.completed",
      "checkout.session.async_payment_succeeded",
      "checkout.session.async_payment_failed",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice.payment_failed",
      "invoice_payment.paid",
      "payment_intent.succeeded",
      "charge.refunded",
      "refund.created",
      "refund.updated",
      "refund.failed",
      "charge.dispute.created",
      "charge.dispute.closed",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.funds_reinstated",
      "customer.subscription.created",
      "customer.subscription.updated",
      "customer.subscription.deleted");
  private static final long EARLIEST_CREATED = 946_684_800L;
  /** Stripe embeds lists of at most 100 items; far more ids would only fill PostgreSQL's lock table. */
  private static final int MAX_IDS = 200;
  private static final long LATEST_CREATED = 253_402_300_799L;

  private EventMapper() {
  }

  /** Like {@link #map}, but an event it cannot process becomes a {@code failed} effect instead of an exception. */
  public static EventEffect effectOf(StripeEvent event, AccountSettings settings) {
    try {
      return map(event, settings);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return EventEffect.noMoney(Outcome.FAILED, Texts.printable(reason), null, EventDetails.of(event));
    }
  }

  public static EventEffect map(StripeEvent event, AccountSettings settings) {
    if (event.livemode() != settings.livemode()) {
      String mode = event.livemode() ? "live" : "test";
      return EventEffect.noMoney(Outcome.IGNORED, mode + "-mode event on a " + (settings.livemode() ? "live" : "test")
          + "-mode deployment", null, EventDetails.of(event));
    }
    if (event.created() == null) {
      throw new PoisonEventException("event has no integer created time");
    }
    if (event.created() < EARLIEST_CREATED || event.created() > LATEST_CREATED) {
      throw new PoisonEventException("event created time is outside the years 2000 to 9999");
    }
    StripeObjects.Reading reading = read(event);
    if (reading.ids().isEmpty()) {
      String named = StripeObjects.namedAccount(event.object());
      String account = reading.outcome() == Outcome.IGNORED ? null
          : AccountSettings.isValidAccount(named) ? named : settings.defaultAccount();
      return EventEffect.noMoney(reading.outcome(), Texts.printable(reading.reason()), account, EventDetails.of(event));
    }
    return checked(event, reading, settings);
  }

  private static StripeObjects.Reading read(StripeEvent event) {
    long created = event.created();
    return switch (event.type()) {
      case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
          StripeObjects.session(event.object());
      case "invoice.paid", "invoice.payment_succeeded" -> StripeObjects.invoice(event.object());
      case "invoice_payment.paid" -> StripeObjects.invoicePayment(event.object());
      case "payment_intent.succeeded" -> StripeObjects.paymentIntent(event.object());
      case "charge.refunded" -> StripeObjects.chargeRefunded(event.object(), created);
      case "refund.created", "refund.updated", "refund.failed" -> StripeObjects.refund(event.object(), created);
      case "charge.dispute.created", "charge.dispute.closed", "charge.dispute.funds_withdrawn",
          "charge.dispute.funds_reinstated" -> StripeObjects.dispute(event.object(), event.type());
      case "checkout.session.async_payment_failed", "invoice.payment_failed", "customer.subscription.created",
          "customer.subscription.updated", "customer.subscription.deleted" ->
          StripeObjects.Reading.noMoney(Outcome.LOGGED, null);
      default -> StripeObjects.Reading.noMoney(Outcome.IGNORED, "event type not handled");
    };
  }

  /**
   * The checks every payment shares: valid accounts, the budget's currency, believable amounts. An
   * event that fails one is {@code needs_review} and says nothing about its payment.
   */
  private static EventEffect checked(StripeEvent event, StripeObjects.Reading reading, AccountSettings settings) {
    if (reading.ids().size() > MAX_IDS) {
      throw new PoisonEventException("the event names more than " + MAX_IDS + " ids of its payment");
    }
    List<Fact.Hint> hints = reading.facts().stream().filter(Fact.Hint.class::isInstance).map(Fact.Hint.class::cast)
        .sorted(PaymentHistory.HINT_ORDER).toList();
    // The account the event means most is unusable: its money cannot be placed. A lesser one is only dropped.
    if (!hints.isEmpty() && !AccountSettings.isValidAccount(hints.get(0).account())) {
      return review(event, reading, null, "account id is not valid");
    }
    String account = hints.isEmpty() ? settings.defaultAccount() : hints.get(0).account();
    if (reading.currency() != null && !reading.currency().equals(settings.budgetCurrency())) {
      return review(event, reading, account, "currency " + Texts.printable(reading.currency())
          + " differs from the budget currency " + settings.budgetCurrency() + "; not converted");
    }
    // Above Amounts.MAX an amount is not believed (about 100 billion dollars): the event needs review.
    if (reading.facts().stream().anyMatch(fact -> amountOf(fact) > Amounts.MAX)) {
      return review(event, reading, account, "an amount exceeds " + Amounts.MAX + " minor units");
    }
    List<Fact> usable = reading.facts().stream()
        .filter(fact -> !(fact instanceof Fact.Hint hint) || AccountSettings.isValidAccount(hint.account())).toList();
    PaymentFacts facts = new PaymentFacts(event.id(), event.created(), reading.ids(), usable);
    return new EventEffect(reading.outcome(), Texts.printable(reading.reason()), account,
        reading.currency() == null ? null : reading.amount(), reading.currency(), facts, EventDetails.of(event));
  }

  private static EventEffect review(StripeEvent event, StripeObjects.Reading reading, String account, String reason) {
    return new EventEffect(Outcome.NEEDS_REVIEW, reason, account, reading.currency() == null ? null : reading.amount(),
        reading.currency() == null ? null : Texts.printable(reading.currency()), null, EventDetails.of(event));
  }

  private static long amountOf(Fact fact) {
    if (fact instanceof Fact.Paid paid) {
      return paid.amount();
    }
    if (fact instanceof Fact.RefundSeen refund) {
      return refund.amount();
    }
    if (fact instanceof Fact.RefundedTotal total) {
      return total.amountRefunded();
    }
    return fact instanceof Fact.DisputeSeen dispute ? dispute.amount() : 0;
  }
}
