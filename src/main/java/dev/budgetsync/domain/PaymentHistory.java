package dev.budgetsync.domain;

import dev.budgetsync.money.Months;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one payment's money should be, from the facts of all its events: the account its most
 * specific hint names, one credit for the payment, and the refunds and disputes as they played out
 * in Stripe's time (each event's {@code created}). A pure function of the SET of facts: arrival order,
 * batching and duplicates cannot change it ({@code docs/money.md}).
 */
public final class PaymentHistory {
  /** Most specific source first; between two hints of one source, the smaller account id, so the choice is stable. */
  public static final Comparator<Fact.Hint> HINT_ORDER =
      Comparator.comparing(Fact.Hint::source).thenComparing(Fact.Hint::account);

  private PaymentHistory() {
  }

  /** One fact with the event that stated it. */
  record Seen<F extends Fact>(F fact, PaymentFacts by) {
    long created() {
      return by.created();
    }

    String eventId() {
      return by.eventId();
    }
  }

  /**
   * A movement the ledger must hold, in one month: {@code signed} is positive for money in.
   *
   * @param slot     what it is about: {@code payment}, {@code refund:<re_>}, {@code refunded:<ch_>}
   *                 (a charge's cumulative refunds beyond those known by id) or {@code dispute:<du_>}
   * @param objectId the Stripe id it is about, one of the payment's ids
   * @param eventId  the event whose fact it comes from
   */
  public record Line(String slot, String objectId, String month, long signed, String source, String eventId,
                     String chargeId) {
  }

  /** The payment's account and every movement it should have booked. */
  public record Desired(String account, List<Line> lines) {
  }

  public static Desired of(List<PaymentFacts> events, String defaultAccount) {
    List<PaymentFacts> sorted = events.stream()
        .sorted(Comparator.comparingLong(PaymentFacts::created).thenComparing(PaymentFacts::eventId)).toList();
    String account = seen(sorted, Fact.Hint.class).stream().map(Seen::fact).min(HINT_ORDER)
        .map(Fact.Hint::account).orElse(defaultAccount);
    List<Line> lines = new ArrayList<>(payment(seen(sorted, Fact.Paid.class)));
    List<RefundTimeline.Life> refunds = RefundTimeline.lives(seen(sorted, Fact.RefundSeen.class));
    refunds.forEach(life -> lines.addAll(life.lines()));
    lines.addAll(RefundTimeline.remainders(seen(sorted, Fact.RefundedTotal.class), refunds));
    lines.addAll(disputes(seen(sorted, Fact.DisputeSeen.class)));
    return new Desired(account, lines);
  }

  /** Of families that say as much, the one with the finer grain wins: it keeps each share in its month. */
  private static final List<Fact.Carrier> TIE_ORDER =
      List.of(Fact.Carrier.PART, Fact.Carrier.SESSION, Fact.Carrier.INVOICE);

  /**
   * The payment's money, from the family of carriers that says the most: its Checkout Sessions, its
   * invoices, or its invoice payments. A session and the invoice it created are the same money, so
   * one family counts; inside it, carriers with distinct ids are distinct money (an invoice paid in
   * parts), each in the month it was first seen, credited to the event that first carried it.
   */
  private static List<Line> payment(List<Seen<Fact.Paid>> carriers) {
    List<Seen<Fact.Paid>> chosen = List.of();
    long chosenTotal = -1;
    for (Fact.Carrier kind : TIE_ORDER) {
      List<Seen<Fact.Paid>> family = firstOfEach(carriers.stream().filter(c -> c.fact().carrier() == kind).toList(),
          c -> c.fact().objectId());
      long total = family.stream().mapToLong(c -> c.fact().amount()).reduce(0, Math::addExact);
      if (!family.isEmpty() && total > chosenTotal) {
        chosen = family;
        chosenTotal = total;
      }
    }
    return chosen.stream().map(c -> new Line("payment", c.fact().objectId(), Months.ofEpochSecond(c.created()),
        c.fact().amount(), c.fact().source(), c.eventId(), null)).toList();
  }

  /** A dispute's funds leave when first seen withdrawn and come back when first seen reinstated; inquiries move nothing. */
  private static List<Line> disputes(List<Seen<Fact.DisputeSeen>> seen) {
    List<Line> lines = new ArrayList<>();
    Map<String, List<Seen<Fact.DisputeSeen>>> byDispute = groupBy(seen, s -> s.fact().disputeId());
    byDispute.forEach((id, observed) -> {
      Seen<Fact.DisputeSeen> out = observed.stream().filter(s -> s.fact().withdrawn()).findFirst().orElse(null);
      if (out == null) {
        return;
      }
      String slot = "dispute:" + id;
      long amount = out.fact().amount();
      lines.add(new Line(slot, id, Months.ofEpochSecond(out.created()), -amount, "dispute", out.eventId(),
          out.fact().chargeId()));
      observed.stream().filter(s -> s.fact().reinstated()).findFirst().ifPresent(back -> lines.add(new Line(slot, id,
          Months.ofEpochSecond(Math.max(back.created(), out.created())), amount, "dispute_won", back.eventId(),
          out.fact().chargeId())));
    });
    return lines;
  }

  /** The slot an event's money is about: its payment, else its refund, dispute or charge; null when it has none. */
  public static String slotOf(PaymentFacts event) {
    for (Fact fact : event.facts()) {
      if (fact instanceof Fact.Paid) {
        return "payment";
      }
      if (fact instanceof Fact.RefundSeen refund) {
        return "refund:" + refund.refundId();
      }
      if (fact instanceof Fact.DisputeSeen dispute) {
        return "dispute:" + dispute.disputeId();
      }
      if (fact instanceof Fact.RefundedTotal total) {
        return "refunded:" + total.chargeId();
      }
    }
    return null;
  }

  /** Every fact of one kind, with its event, in Stripe's time order. */
  static <F extends Fact> List<Seen<F>> seen(List<PaymentFacts> sorted, Class<F> kind) {
    List<Seen<F>> seen = new ArrayList<>();
    for (PaymentFacts facts : sorted) {
      facts.facts().stream().filter(kind::isInstance).forEach(fact -> seen.add(new Seen<>(kind.cast(fact), facts)));
    }
    return seen;
  }

  static <T> Map<String, List<T>> groupBy(List<T> items, Function<T, String> key) {
    Map<String, List<T>> groups = new LinkedHashMap<>();
    items.forEach(item -> groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item));
    return groups;
  }

  private static <T> List<T> firstOfEach(List<T> items, Function<T, String> key) {
    return groupBy(items, key).values().stream().map(list -> list.get(0)).toList();
  }
}
