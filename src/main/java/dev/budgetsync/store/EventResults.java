package dev.budgetsync.store;

import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.LedgerEntry;
import dev.budgetsync.domain.Outcome;

import java.util.List;

/**
 * An event's result once the ledger has decided: what its arrival booked on its payment's account.
 * Arrival order shows here and only here: of two events that carry one payment, the first credits and
 * the second is {@code skipped}; the budgets they leave are the same either way.
 */
final class EventResults {
  private EventResults() {
  }

  static EventResult actual(EventResult planned, EventEffect effect, PaymentGroups.Booking booking) {
    if (effect.facts() == null) {
      return planned;
    }
    String account = booking.accountOfEvent().getOrDefault(planned.eventId(), planned.account());
    List<LedgerEntry> mine = booking.entries().stream().filter(e -> planned.eventId().equals(e.eventId())).toList();
    long net = mine.stream().filter(e -> e.account().equals(account))
        .mapToLong(e -> e.kind() == EntryKind.CREDIT ? e.amount() : -e.amount()).sum();
    if (net != 0) {
      Outcome outcome = net > 0 ? Outcome.CREDITED : Outcome.DEBITED;
      return new EventResult(planned.eventId(), outcome, outcome == planned.outcome() ? planned.reason() : null,
          account, Math.abs(net), mine.get(0).currency());
    }
    if (planned.outcome() == Outcome.CREDITED || planned.outcome() == Outcome.DEBITED) {
      String key = booking.keyOfEvent().get(planned.eventId());
      String reason = !mine.isEmpty() ? "money already counted: the payment's ledger held it"
          : key == null ? "no money to move" : "money already moved as " + key;
      return new EventResult(planned.eventId(), Outcome.SKIPPED, reason, account, 0L, planned.currency());
    }
    return new EventResult(planned.eventId(), planned.outcome(), planned.reason(), account, planned.amount(),
        planned.currency());
  }
}
