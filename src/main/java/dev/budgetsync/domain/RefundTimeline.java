package dev.budgetsync.domain;

import dev.budgetsync.money.Months;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Refunds as they played out. A refund known by id is debited in the month of the first event that
 * reports it, live from its own {@code created}, and given back when first seen {@code failed} or
 * {@code canceled}, in that event's month (a refund first seen failed: both, netting to nothing). A charge's
 * cumulative {@code amount_refunded} is a snapshot at its event's time: what it holds beyond the
 * refunds known by id that were live at that time is debited, and given back when it falls.
 */
final class RefundTimeline {
  private static final long EARLIEST = 946_684_800L;

  private RefundTimeline() {
  }

  /** One refund: debited at {@code debitedAt}, given back at {@code givenBackAt} (null while it stands). */
  record Life(String refundId, String chargeId, long amount, long debitedAt, Long givenBackAt, List<PaymentHistory.Line> lines) {
    boolean liveAt(long time) {
      return debitedAt <= time && (givenBackAt == null || givenBackAt > time);
    }
  }

  static List<Life> lives(List<PaymentHistory.Seen<Fact.RefundSeen>> seen) {
    List<Life> lives = new ArrayList<>();
    PaymentHistory.groupBy(seen, s -> s.fact().refundId()).forEach((id, observed) -> {
      // Seen in Stripe's time order: the first event that reports the refund decides its month.
      PaymentHistory.Seen<Fact.RefundSeen> first = observed.get(0);
      String chargeId = observed.stream().map(s -> s.fact().chargeId()).filter(c -> c != null).findFirst().orElse(null);
      String slot = "refund:" + id;
      long amount = first.fact().amount();
      // The refund's own creation places it against a charge's totals; one after its first report is not believed.
      long created = first.fact().refundCreated();
      long debitedAt = created >= EARLIEST && created <= first.created() ? created : first.created();
      List<PaymentHistory.Line> lines = new ArrayList<>();
      lines.add(new PaymentHistory.Line(slot, id, Months.ofEpochSecond(first.created()), -amount, "refund",
          first.eventId(), chargeId));
      PaymentHistory.Seen<Fact.RefundSeen> back = observed.stream().filter(s -> s.fact().failed()).findFirst()
          .orElse(null);
      Long givenBackAt = back == null ? null : back.created();
      if (back != null) {
        lines.add(new PaymentHistory.Line(slot, id, Months.ofEpochSecond(back.created()), amount, "refund_failed",
            back.eventId(), chargeId));
      }
      lives.add(new Life(id, chargeId, amount, debitedAt, givenBackAt, List.copyOf(lines)));
    });
    return lives;
  }

  /**
   * Per charge, the snapshots in time order (at one second, the larger total last): each moves the
   * difference between what it leaves unexplained by live refunds and what the previous one left.
   */
  static List<PaymentHistory.Line> remainders(List<PaymentHistory.Seen<Fact.RefundedTotal>> snapshots,
                                              List<Life> refunds) {
    List<PaymentHistory.Line> lines = new ArrayList<>();
    Map<String, List<PaymentHistory.Seen<Fact.RefundedTotal>>> byCharge =
        PaymentHistory.groupBy(snapshots, s -> s.fact().chargeId());
    byCharge.forEach((chargeId, charge) -> {
      List<PaymentHistory.Seen<Fact.RefundedTotal>> ordered = charge.stream()
          .sorted(Comparator.comparingLong((PaymentHistory.Seen<Fact.RefundedTotal> s) -> s.created())
              .thenComparingLong(s -> s.fact().amountRefunded()).thenComparing(PaymentHistory.Seen::eventId))
          .toList();
      long before = 0;
      for (PaymentHistory.Seen<Fact.RefundedTotal> snapshot : ordered) {
        long explained = refunds.stream().filter(r -> chargeId.equals(r.chargeId()) && r.liveAt(snapshot.created()))
            .mapToLong(Life::amount).sum();
        // Below zero, the total says that refunds known by id failed without an event saying so.
        long remainder = snapshot.fact().amountRefunded() - explained;
        if (remainder != before) {
          lines.add(new PaymentHistory.Line("refunded:" + chargeId, chargeId, Months.ofEpochSecond(snapshot.created()),
              before - remainder, remainder > before ? "refund" : "refund_failed", snapshot.eventId(), chargeId));
        }
        before = remainder;
      }
    });
    return lines;
  }
}
