package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The entries that bring a payment's ledger to its history: keyed once, never changed, idempotent. */
class LedgerDiffTest {
  /** The event a correction is written for when no line names one: the event being processed. */
  private static final Function<String, String> ATTRIBUTE = eventId -> eventId == null ? "evt_now" : eventId;
  private static final Function<String, JsonObject> DETAILS = eventId -> new JsonObject().put("event_id", eventId);

  private static final PaymentHistory.Line PAID =
      line("payment", "pi_1", "2026-01", 5000, "checkout", "evt_paid", null);
  private static final PaymentHistory.Line REFUND =
      line("refund:re_1", "re_1", "2026-02", -2000, "refund", "evt_re", "ch_1");
  private static final PaymentHistory.Line DISPUTE =
      line("dispute:du_1", "du_1", "2026-02", -1500, "dispute", "evt_du", "ch_1");
  private static final PaymentHistory.Line REMAINDER =
      line("refunded:ch_1", "ch_1", "2026-02", -500, "refund", "evt_ch", "ch_1");

  @Test
  void anEmptyLedgerGetsTheDesiredLinesUnderTheirNaturalKeys() {
    PaymentHistory.Desired desired = new PaymentHistory.Desired("team-a", List.of(PAID, REFUND, DISPUTE, REMAINDER));

    List<LedgerEntry> entries = diff(desired, List.of());

    assertThat(entries).containsExactlyInAnyOrder(
        new LedgerEntry("team-a", "2026-01", EntryKind.CREDIT, 5000, "usd", "checkout", "payment:pi_1", null, "evt_paid",
            metadata("evt_paid", "payment"), "payment", "pi_1"),
        new LedgerEntry("team-a", "2026-02", EntryKind.DEBIT, 2000, "usd", "refund", "refund:re_1", "ch_1", "evt_re",
            metadata("evt_re", "refund:re_1"), "refund:re_1", "re_1"),
        new LedgerEntry("team-a", "2026-02", EntryKind.DEBIT, 1500, "usd", "dispute", "dispute:du_1", "ch_1", "evt_du",
            metadata("evt_du", "dispute:du_1"), "dispute:du_1", "du_1"),
        new LedgerEntry("team-a", "2026-02", EntryKind.DEBIT, 500, "usd", "refund", "refunded:ch_1", "ch_1", "evt_ch",
            metadata("evt_ch", "refunded:ch_1"), "refunded:ch_1", "ch_1"));
  }

  @Test
  void anInvoiceFirstPaymentIsKeyedByItsInvoice() {
    PaymentHistory.Line invoice = line("payment", "in_1", "2026-01", 3000, "subscription_payment", "evt_in", null);

    assertThat(diff(new PaymentHistory.Desired("default", List.of(invoice)), List.of()))
        .extracting(LedgerEntry::moneyKey).containsExactly("payment:in_1");
  }

  @Test
  void aSlotThatMovesInTwoMonthsAtOnceNumbersItsSecondEntry() {
    PaymentHistory.Line back = line("refund:re_1", "re_1", "2026-03", 2000, "refund_failed", "evt_fail", "ch_1");

    List<LedgerEntry> entries = diff(new PaymentHistory.Desired("team-a", List.of(REFUND, back)), List.of());

    assertThat(entries).extracting(LedgerEntry::month, LedgerEntry::kind, LedgerEntry::source, LedgerEntry::moneyKey,
        LedgerEntry::eventId).containsExactly(
        tuple("2026-02", EntryKind.DEBIT, "refund", "refund:re_1", "evt_re"),
        tuple("2026-03", EntryKind.CREDIT, "refund_failed", "refund:re_1#2", "evt_fail"));
  }

  @Test
  void aLedgerThatHoldsTheHistoryGetsNothing() {
    PaymentHistory.Desired desired = new PaymentHistory.Desired("team-a", List.of(PAID, REFUND, DISPUTE, REMAINDER));
    List<Booked> booked = book(List.of(), diff(desired, List.of()));

    assertThat(booked).hasSize(4);
    assertThat(diff(desired, booked)).isEmpty();
  }

  @Test
  void aLedgerThatHoldsTheSameNetPerMonthGetsNothing() {
    PaymentHistory.Line debit = line("refund:re_1", "re_1", "2026-02", -2000, "refund", "evt_re", "ch_1");
    PaymentHistory.Line back = line("refund:re_1", "re_1", "2026-02", 2000, "refund_failed", "evt_fail", "ch_1");
    List<Booked> booked = List.of(
        new Booked(1, "refund:re_1", "team-a", "2026-02", -2000, "refund", "re_1", "re_1", "ch_1"),
        new Booked(2, "refund:re_1", "team-a", "2026-02", 2000, "refund_failed", "re_1#2", "re_1", "ch_1"));

    assertThat(diff(new PaymentHistory.Desired("team-a", List.of(debit, back)), booked)).isEmpty();
    assertThat(diff(new PaymentHistory.Desired("team-a", List.of()), booked)).isEmpty();
  }

  @Test
  void aChangedAccountMovesEverythingInItsOwnMonthWithAReversalAndANewEntry() {
    List<Booked> booked = List.of(
        new Booked(1, "payment", "default", "2026-01", 5000, "checkout", "pi_1", "pi_1", null),
        new Booked(2, "refund:re_1", "default", "2026-02", -2000, "refund", "re_1", "re_1", "ch_1"));

    List<LedgerEntry> entries = diff(new PaymentHistory.Desired("team-a", List.of(PAID, REFUND)), booked);

    assertThat(entries).extracting(LedgerEntry::account, LedgerEntry::month, LedgerEntry::kind, LedgerEntry::amount,
        LedgerEntry::source, LedgerEntry::moneyKey, LedgerEntry::eventId, LedgerEntry::slot).containsExactly(
        tuple("default", "2026-01", EntryKind.DEBIT, 5000L, "checkout_moved", "pi_1#2", "evt_now", "payment"),
        tuple("team-a", "2026-01", EntryKind.CREDIT, 5000L, "checkout", "pi_1#3", "evt_paid", "payment"),
        tuple("default", "2026-02", EntryKind.CREDIT, 2000L, "refund_moved", "re_1#2", "evt_now", "refund:re_1"),
        tuple("team-a", "2026-02", EntryKind.DEBIT, 2000L, "refund", "re_1#3", "evt_re", "refund:re_1"));
    assertThat(entries).extracting(LedgerEntry::objectId, LedgerEntry::chargeId).containsExactly(
        tuple("pi_1", null), tuple("pi_1", null), tuple("re_1", "ch_1"), tuple("re_1", "ch_1"));

    List<Booked> moved = book(booked, entries);
    assertThat(diff(new PaymentHistory.Desired("team-a", List.of(PAID, REFUND)), moved)).isEmpty();
    assertThat(diff(new PaymentHistory.Desired("team-b", List.of(PAID, REFUND)), moved))
        .extracting(LedgerEntry::account, LedgerEntry::amount, LedgerEntry::source, LedgerEntry::moneyKey)
        .containsExactly(
            tuple("team-a", 5000L, "checkout_moved", "pi_1#4"),
            tuple("team-b", 5000L, "checkout", "pi_1#5"),
            tuple("team-a", 2000L, "refund_moved", "re_1#4"),
            tuple("team-b", 2000L, "refund", "re_1#5"));
  }

  @Test
  void aRefundThatFailedAfterItWasBookedGetsOneCreditBack() {
    List<Booked> booked = List.of(new Booked(1, "refund:re_1", "team-a", "2026-02", -2000, "refund", "re_1", "re_1",
        "ch_1"));
    PaymentHistory.Line back = line("refund:re_1", "re_1", "2026-03", 2000, "refund_failed", "evt_fail", "ch_1");
    PaymentHistory.Desired desired = new PaymentHistory.Desired("team-a", List.of(REFUND, back));

    List<LedgerEntry> entries = diff(desired, booked);

    assertThat(entries).containsExactly(new LedgerEntry("team-a", "2026-03", EntryKind.CREDIT, 2000, "usd",
        "refund_failed", "re_1#2", "ch_1", "evt_fail", metadata("evt_fail", "refund:re_1"), "refund:re_1", "re_1"));
    assertThat(diff(desired, book(booked, entries))).isEmpty();
  }

  @Test
  void aRefundThatFailedInItsOwnMonthIsGivenBackThere() {
    List<Booked> booked = List.of(new Booked(1, "refund:re_1", "team-a", "2026-02", -2000, "refund", "re_1", "re_1",
        "ch_1"));
    PaymentHistory.Line back = line("refund:re_1", "re_1", "2026-02", 2000, "refund_failed", "evt_fail", "ch_1");

    assertThat(diff(new PaymentHistory.Desired("team-a", List.of(REFUND, back)), booked))
        .extracting(LedgerEntry::month, LedgerEntry::kind, LedgerEntry::amount, LedgerEntry::source, LedgerEntry::moneyKey)
        .containsExactly(tuple("2026-02", EntryKind.CREDIT, 2000L, "refund_failed", "re_1#2"));
  }

  @Test
  void aSlotNoLongerWantedIsCorrected() {
    List<Booked> booked = List.of(new Booked(1, "refunded:ch_1", "team-a", "2026-02", -500, "refund", "ch_1:refunded",
        "ch_1", "ch_1"));
    PaymentHistory.Line byId = line("refund:re_1", "re_1", "2026-02", -500, "refund", "evt_re", "ch_1");

    assertThat(diff(new PaymentHistory.Desired("team-a", List.of(byId)), booked))
        .extracting(LedgerEntry::slot, LedgerEntry::kind, LedgerEntry::amount, LedgerEntry::source, LedgerEntry::moneyKey,
            LedgerEntry::eventId)
        .containsExactly(
            tuple("refund:re_1", EntryKind.DEBIT, 500L, "refund", "refund:re_1", "evt_re"),
            tuple("refunded:ch_1", EntryKind.CREDIT, 500L, "refund_corrected", "ch_1:refunded#2", "evt_now"));
  }

  @Test
  void theOldestBookedEntryNamesTheSlotWhateverTheOrderGiven() {
    List<Booked> booked = List.of(
        new Booked(9, "payment", "default", "2026-01", -3000, "invoice_payment_moved", "in_1#2", "in_1", null),
        new Booked(3, "payment", "default", "2026-01", 3000, "invoice_payment", "in_1", "in_1", null),
        new Booked(5, "payment", "team-a", "2026-01", 3000, "checkout", "pi_1", "pi_1", null));
    PaymentHistory.Line paid = line("payment", "pi_1", "2026-01", 3000, "checkout", "evt_paid", null);

    assertThat(diff(new PaymentHistory.Desired("team-b", List.of(paid)), booked))
        .extracting(LedgerEntry::account, LedgerEntry::source, LedgerEntry::moneyKey, LedgerEntry::objectId)
        .containsExactly(
            tuple("team-a", "invoice_payment_moved", "in_1#4", "in_1"),
            tuple("team-b", "checkout", "in_1#5", "in_1"));
  }

  // --- properties ---

  /** Any sequence of histories: each diff, once booked, leaves nothing to do, and no key is used twice. */
  @Test
  void bookingTheDiffLeavesNothingToDoAndNoKeyTwice() {
    for (long seed = 0; seed < 500; seed++) {
      Random rng = new Random(seed);
      List<Booked> booked = new ArrayList<>();
      for (int round = 1 + rng.nextInt(6); round > 0; round--) {
        PaymentHistory.Desired desired = randomDesired(rng);
        booked = bookChecked(booked, diff(desired, booked), "seed " + seed);
        assertThat(diff(desired, booked)).as("seed %d", seed).isEmpty();
        assertThat(held(booked)).as("seed %d", seed).isEqualTo(wanted(desired));
      }
    }
  }

  /** A Stripe-like payment whose events arrive shuffled and in batches: the ledger follows, and ends right. */
  @Test
  void aPaymentBookedBatchByBatchEndsAtItsHistory() {
    for (long seed = 0; seed < 300; seed++) {
      PaymentSim.History history = PaymentSim.generate(seed, PaymentSim.Delivery.ALL);
      Random rng = new Random(seed);
      List<PaymentFacts> events = new ArrayList<>(history.events());
      Collections.shuffle(events, rng);
      List<PaymentFacts> received = new ArrayList<>();
      List<Booked> booked = new ArrayList<>();
      while (received.size() < events.size()) {
        int batch = 1 + rng.nextInt(3);
        received.addAll(events.subList(received.size(), Math.min(events.size(), received.size() + batch)));
        PaymentHistory.Desired desired = PaymentHistory.of(received, "default");
        booked = bookChecked(booked, diff(desired, booked), "seed " + seed);
        assertThat(diff(desired, booked)).as("seed %d", seed).isEmpty();
      }
      Map<String, Long> byAccount = new TreeMap<>();
      booked.forEach(b -> byAccount.merge(b.account(), b.signed(), Long::sum));
      byAccount.values().removeIf(net -> net == 0);
      Map<String, Long> expected = history.net() == 0 ? Map.of() : Map.of(history.account(), history.net());
      assertThat(byAccount).as("seed %d: %s", seed, history.sent()).isEqualTo(expected);
    }
  }

  /** Books the entries after checking them: a positive amount, a kind that says the sign, a key never used. */
  private static List<Booked> bookChecked(List<Booked> booked, List<LedgerEntry> entries, String what) {
    Set<String> keys = new HashSet<>();
    booked.forEach(b -> keys.add(b.moneyKey()));
    for (LedgerEntry entry : entries) {
      assertThat(entry.amount()).as(what).isPositive();
      assertThat(entry.kind()).as(what).isIn(EntryKind.CREDIT, EntryKind.DEBIT);
      assertThat(keys.add(entry.moneyKey())).as("%s: key %s used twice", what, entry.moneyKey()).isTrue();
    }
    return book(booked, entries);
  }

  private static PaymentHistory.Desired randomDesired(Random rng) {
    String[] accounts = {"default", "team-a", "team-b"};
    String[] slots = {"payment", "refund:re_1", "refund:re_2", "dispute:du_1", "refunded:ch_1"};
    List<PaymentHistory.Line> lines = new ArrayList<>();
    for (int i = rng.nextInt(7); i > 0; i--) {
      String slot = slots[rng.nextInt(slots.length)];
      String objectId = slot.equals("payment") ? (rng.nextBoolean() ? "pi_1" : "in_1") : slot.substring(slot.indexOf(':') + 1);
      long signed = (rng.nextBoolean() ? 1 : -1) * 100L * (1 + rng.nextInt(50));
      lines.add(line(slot, objectId, "2026-0" + (1 + rng.nextInt(3)), signed, signed > 0 ? "in" : "out",
          "evt_" + rng.nextInt(5), slot.equals("payment") ? null : "ch_1"));
    }
    return new PaymentHistory.Desired(accounts[rng.nextInt(accounts.length)], lines);
  }

  private static Map<String, Long> held(List<Booked> booked) {
    Map<String, Long> net = new TreeMap<>();
    booked.forEach(b -> net.merge(b.slot() + " " + b.account() + " " + b.month(), b.signed(), Long::sum));
    net.values().removeIf(amount -> amount == 0);
    return net;
  }

  private static Map<String, Long> wanted(PaymentHistory.Desired desired) {
    Map<String, Long> net = new TreeMap<>();
    desired.lines().forEach(l -> net.merge(l.slot() + " " + desired.account() + " " + l.month(), l.signed(), Long::sum));
    net.values().removeIf(amount -> amount == 0);
    return net;
  }

  // --- helpers ---

  private static List<LedgerEntry> diff(PaymentHistory.Desired desired, List<Booked> booked) {
    return LedgerDiff.entries(desired, booked, "usd", ATTRIBUTE, DETAILS);
  }

  /** The ledger once the entries are written: each a new row, with the next id. */
  private static List<Booked> book(List<Booked> booked, List<LedgerEntry> entries) {
    List<Booked> all = new ArrayList<>(booked);
    long id = booked.stream().mapToLong(Booked::id).max().orElse(0);
    for (LedgerEntry e : entries) {
      all.add(new Booked(++id, e.slot(), e.account(), e.month(), e.kind() == EntryKind.CREDIT ? e.amount() : -e.amount(),
          e.source(), e.moneyKey(), e.objectId(), e.chargeId()));
    }
    return all;
  }

  private static PaymentHistory.Line line(String slot, String objectId, String month, long signed, String source,
                                          String eventId, String chargeId) {
    return new PaymentHistory.Line(slot, objectId, month, signed, source, eventId, chargeId);
  }

  private static JsonObject metadata(String eventId, String slot) {
    return new JsonObject().put("event_id", eventId).put("slot", slot);
  }
}
