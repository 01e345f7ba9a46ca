package dev.budgetsync.domain;

import dev.budgetsync.money.Months;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What a payment's ledger must hold, from hand-made sets of facts (each as the mapper would draw it
 * from one event), and the property that matters most: the answer depends on the SET of events only.
 */
class PaymentHistoryTest {
  private static final int SEEDS = 500;
  private static final String[] SOURCES_OF_PAID = {"checkout", "invoice_payment", "subscription_payment"};

  // --- whose payment it is ---

  @Test
  void theSourcesRankAsTheContractLists() {
    assertThat(AccountSource.values()).containsExactly(AccountSource.CLIENT_REFERENCE_ID,
        AccountSource.SESSION_METADATA, AccountSource.PAYMENT_INTENT_METADATA, AccountSource.INVOICE_METADATA,
        AccountSource.SUBSCRIPTION_METADATA, AccountSource.CHARGE_METADATA);
  }

  /**
   * The winner's hint comes last in time and names the largest account id, so neither "first seen"
   * nor "smallest id" could pick it: only the source's rank does.
   */
  @ParameterizedTest
  @EnumSource(AccountSource.class)
  void theMostSpecificHintWinsWhicheverEventCarriedIt(AccountSource winner) {
    AccountSource[] sources = AccountSource.values();
    List<PaymentFacts> events = new ArrayList<>();
    events.add(event("evt_paid", "2026-01-10T10:00:00Z", List.of("pi_1"), paid("pi_1", 5000)));
    for (int i = sources.length - 1; i >= winner.ordinal(); i--) {
      events.add(event("evt_hint" + i, Instant.parse("2026-01-10T11:00:00Z").plusSeconds(sources.length - i).toString(),
          List.of("pi_1"), new Fact.Hint(sources[i], accountOf(sources[i]))));
    }

    assertThat(PaymentHistory.of(events, "default").account()).isEqualTo(accountOf(winner));
    Collections.reverse(events);
    assertThat(PaymentHistory.of(events, "default").account()).isEqualTo(accountOf(winner));
  }

  @Test
  void theDefaultAccountWhenNoEventNamesOne() {
    PaymentFacts paid = event("evt_paid", "2026-01-10T10:00:00Z", List.of("pi_1"), paid("pi_1", 5000));

    assertThat(PaymentHistory.of(List.of(paid), "default").account()).isEqualTo("default");
    assertThat(PaymentHistory.of(List.of(paid), "house").account()).isEqualTo("house");
  }

  @Test
  void betweenTwoHintsOfOneSourceTheSmallerAccountIdWins() {
    PaymentFacts early = event("evt_1", "2026-01-10T10:00:00Z", List.of("pi_1"),
        new Fact.Hint(AccountSource.SESSION_METADATA, "team-b"), paid("pi_1", 5000));
    PaymentFacts late = event("evt_2", "2026-01-11T10:00:00Z", List.of("pi_1"),
        new Fact.Hint(AccountSource.SESSION_METADATA, "team-a"), new Fact.Hint(AccountSource.CHARGE_METADATA, "team-0"));
    PaymentFacts inOne = event("evt_3", "2026-01-10T10:00:00Z", List.of("pi_1"),
        new Fact.Hint(AccountSource.SESSION_METADATA, "team-d"), new Fact.Hint(AccountSource.SESSION_METADATA, "team-c"));

    assertThat(PaymentHistory.of(List.of(early, late), "default").account()).isEqualTo("team-a");
    assertThat(PaymentHistory.of(List.of(late, early), "default").account()).isEqualTo("team-a");
    assertThat(PaymentHistory.of(List.of(inOne), "default").account()).isEqualTo("team-c");
  }

  // --- one credit ---

  @Test
  void aSessionAndItsInvoiceCreditOnce() {
    PaymentFacts session = event("evt_session", "2026-01-10T10:00:00Z", List.of("cs_1", "pi_1", "in_1"),
        new Fact.Paid("pi_1", 5000, "marketing_topup", Fact.Carrier.SESSION));
    PaymentFacts invoice = event("evt_invoice", "2026-01-10T10:00:02Z", List.of("in_1", "pi_1"),
        new Fact.Paid("in_1", 5000, "invoice_payment", Fact.Carrier.INVOICE));

    for (List<PaymentFacts> order : List.of(List.of(session, invoice), List.of(invoice, session))) {
      assertThat(PaymentHistory.of(order, "default").lines()).containsExactly(
          new PaymentHistory.Line("payment", "pi_1", "2026-01", 5000, "marketing_topup", "evt_session", null));
    }
  }

  @Test
  void anInvoiceAndItsInvoicePaymentCreditOnceAsTheInvoicePayment() {
    PaymentFacts invoicePayment = event("evt_inpay", "2026-01-10T10:00:00Z", List.of("inpay_1", "in_1", "pi_1"),
        new Fact.Paid("inpay_1", 3000, "invoice_payment", Fact.Carrier.PART));
    PaymentFacts invoice = event("evt_invoice", "2026-01-10T10:00:01Z", List.of("in_1"),
        new Fact.Paid("in_1", 3000, "subscription_payment", Fact.Carrier.INVOICE));

    assertThat(PaymentHistory.of(List.of(invoice, invoicePayment), "default").lines()).containsExactly(
        new PaymentHistory.Line("payment", "inpay_1", "2026-01", 3000, "invoice_payment", "evt_inpay", null));
  }

  @Test
  void twoInvoicePaymentsThatAddUpToTheInvoiceCreditItOnce() {
    PaymentFacts first = event("evt_inpay1", "2026-01-10T10:00:00Z", List.of("inpay_1", "in_1", "pi_1"),
        new Fact.Paid("inpay_1", 1000, "invoice_payment", Fact.Carrier.PART));
    PaymentFacts second = event("evt_inpay2", "2026-01-12T10:00:00Z", List.of("inpay_2", "in_1", "pi_2"),
        new Fact.Paid("inpay_2", 2000, "invoice_payment", Fact.Carrier.PART));
    PaymentFacts invoice = event("evt_invoice", "2026-01-12T10:00:01Z", List.of("in_1"),
        new Fact.Paid("in_1", 3000, "subscription_payment", Fact.Carrier.INVOICE));
    PaymentFacts firstAgain = event("evt_inpay1_other", "2026-01-12T10:00:02Z", List.of("inpay_1"),
        new Fact.Paid("inpay_1", 1000, "invoice_payment", Fact.Carrier.PART));

    assertThat(net(List.of(first, second, invoice))).isEqualTo(3000);
    assertThat(net(List.of(second, first))).as("without the invoice").isEqualTo(3000);
    assertThat(net(List.of(first, second, firstAgain))).as("one invoice payment stated twice").isEqualTo(3000);
    assertThat(net(List.of(first, invoice))).as("the invoice knows the whole").isEqualTo(3000);
    assertThat(net(List.of(first))).as("a share alone").isEqualTo(1000);
    // Each share in its own month, by the event that carried it.
    assertThat(PaymentHistory.of(List.of(invoice, second, first), "default").lines())
        .extracting(PaymentHistory.Line::objectId, PaymentHistory.Line::eventId, PaymentHistory.Line::signed)
        .containsExactly(tuple("inpay_1", "evt_inpay1", 1000L), tuple("inpay_2", "evt_inpay2", 2000L));
  }

  @Test
  void theCreditIsInTheMonthOfTheFirstCarrier() {
    PaymentFacts invoicePayment = event("evt_inpay", "2026-01-31T23:59:59Z", List.of("inpay_1", "in_1"),
        new Fact.Paid("inpay_1", 3000, "invoice_payment", Fact.Carrier.PART));
    PaymentFacts invoice = event("evt_invoice", "2026-02-01T00:00:05Z", List.of("in_1"),
        new Fact.Paid("in_1", 3000, "subscription_payment", Fact.Carrier.INVOICE));

    assertThat(PaymentHistory.of(List.of(invoice, invoicePayment), "default").lines())
        .extracting(PaymentHistory.Line::month).containsExactly("2026-01");
    assertThat(PaymentHistory.of(List.of(invoice), "default").lines())
        .extracting(PaymentHistory.Line::month).containsExactly("2026-02");
  }

  // --- refunds by id ---

  @Test
  void aRefundIsDebitedInTheMonthOfTheFirstEventThatReportsIt() {
    PaymentFacts refund = event("evt_refund", "2026-02-01T00:00:10Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "succeeded", "2026-01-31T23:59:50Z"));
    PaymentFacts earlier = event("evt_created", "2026-01-31T23:59:51Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "pending", "2026-01-31T23:59:50Z"));

    assertThat(PaymentHistory.of(List.of(refund), "default").lines()).containsExactly(
        new PaymentHistory.Line("refund:re_1", "re_1", "2026-02", -2000, "refund", "evt_refund", "ch_1"));
    assertThat(PaymentHistory.of(List.of(refund, earlier), "default").lines()).containsExactly(
        new PaymentHistory.Line("refund:re_1", "re_1", "2026-01", -2000, "refund", "evt_created", "ch_1"));
  }

  @Test
  void aRefundCreatedAfterTheEventThatReportsItIsPlacedAtThatEvent() {
    // A refund cannot be created after the event that reports it: its created time is then not believed.
    PaymentFacts refund = event("evt_refund", "2026-05-21T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 200, "succeeded", "2030-01-01T00:00:00Z"));
    PaymentFacts total = event("evt_total", "2026-05-21T10:00:01Z", List.of("ch_1"),
        new Fact.RefundedTotal("ch_1", 200));

    assertThat(net(List.of(refund, total))).isEqualTo(-200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"failed", "canceled"})
  void aFailedRefundIsGivenBackOnceInTheMonthOfItsFailure(String status) {
    PaymentFacts created = event("evt_created", "2026-01-20T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "pending", "2026-01-20T10:00:00Z"));
    PaymentFacts updated = event("evt_updated", "2026-02-03T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, status, "2026-01-20T10:00:00Z"));
    PaymentFacts failed = event("evt_failed", "2026-02-03T10:00:01Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, status, "2026-01-20T10:00:00Z"));
    PaymentFacts listedLater = event("evt_charge", "2026-03-01T10:00:00Z", List.of("ch_1", "re_1"),
        refund("re_1", 2000, status, "2026-01-20T10:00:00Z"));

    assertThat(PaymentHistory.of(List.of(listedLater, failed, updated, created), "default").lines()).containsExactly(
        new PaymentHistory.Line("refund:re_1", "re_1", "2026-01", -2000, "refund", "evt_created", "ch_1"),
        new PaymentHistory.Line("refund:re_1", "re_1", "2026-02", 2000, "refund_failed", "evt_updated", "ch_1"));
  }

  @Test
  void aReplacementRefundIsDebitedAgain() {
    PaymentFacts first = event("evt_1", "2026-01-20T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "pending", "2026-01-20T10:00:00Z"));
    PaymentFacts firstFailed = event("evt_2", "2026-01-22T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "failed", "2026-01-20T10:00:00Z"));
    PaymentFacts replacement = event("evt_3", "2026-01-23T10:00:00Z", List.of("re_2", "ch_1"),
        refund("re_2", 2000, "succeeded", "2026-01-23T10:00:00Z"));

    assertThat(netBySlotAndMonth(PaymentHistory.of(List.of(replacement, firstFailed, first), "default")))
        .containsExactly(Map.entry("refund:re_2 2026-01", -2000L));
  }

  @Test
  void aPendingRefundThatSucceedsIsDebitedOnce() {
    PaymentFacts pending = event("evt_1", "2026-01-20T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "pending", "2026-01-20T10:00:00Z"));
    PaymentFacts succeeded = event("evt_2", "2026-01-21T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "succeeded", "2026-01-20T10:00:00Z"));

    assertThat(PaymentHistory.of(List.of(succeeded, pending), "default").lines())
        .extracting(PaymentHistory.Line::signed, PaymentHistory.Line::eventId).containsExactly(tuple(-2000L, "evt_1"));
  }

  @Test
  void aRefundOnlyEverSeenFailedMovesNothingInTotal() {
    PaymentFacts failed = event("evt_failed", "2026-02-03T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 2000, "failed", "2026-01-20T10:00:00Z"));

    assertThat(net(List.of(failed))).isZero();
  }

  // --- a charge's cumulative amount_refunded ---

  @Test
  void cumulativeTotalsWithoutRefundIdsDebitWhatEachAdds() {
    PaymentFacts first = event("evt_1", "2026-01-20T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 500));
    PaymentFacts second = event("evt_2", "2026-02-10T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 800));
    PaymentFacts again = event("evt_3", "2026-02-11T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 800));

    assertThat(PaymentHistory.of(List.of(again, second, first), "default").lines()).containsExactly(
        new PaymentHistory.Line("refunded:ch_1", "ch_1", "2026-01", -500, "refund", "evt_1", "ch_1"),
        new PaymentHistory.Line("refunded:ch_1", "ch_1", "2026-02", -300, "refund", "evt_2", "ch_1"));
  }

  @Test
  void refundsKnownByIdAndByTotalAreNotCountedTwice() {
    PaymentFacts refund1 = event("evt_re1", "2026-01-20T10:00:00Z", List.of("re_1", "ch_1"),
        refund("re_1", 500, "succeeded", "2026-01-20T10:00:00Z"));
    PaymentFacts total1 = event("evt_ch1", "2026-01-20T10:00:02Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 500));
    PaymentFacts refund2 = event("evt_re2", "2026-02-10T10:00:00Z", List.of("re_2", "ch_1"),
        refund("re_2", 300, "succeeded", "2026-02-10T10:00:00Z"));
    PaymentFacts total2 = event("evt_ch2", "2026-02-10T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 800));

    List<PaymentFacts> all = List.of(total2, refund1, total1, refund2);
    assertThat(netBySlotAndMonth(PaymentHistory.of(all, "default"))).containsExactly(
        Map.entry("refund:re_1 2026-01", -500L), Map.entry("refund:re_2 2026-02", -300L));
    assertThat(net(List.of(total1, total2, refund2))).as("re_1 known by the total alone").isEqualTo(-800);
  }

  @Test
  void aTotalThatFallsGivesBack() {
    PaymentFacts up = event("evt_1", "2026-01-20T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 500));
    PaymentFacts down = event("evt_2", "2026-02-02T10:00:00Z", List.of("ch_1"), new Fact.RefundedTotal("ch_1", 0));

    assertThat(PaymentHistory.of(List.of(down, up), "default").lines()).containsExactly(
        new PaymentHistory.Line("refunded:ch_1", "ch_1", "2026-01", -500, "refund", "evt_1", "ch_1"),
        new PaymentHistory.Line("refunded:ch_1", "ch_1", "2026-02", 500, "refund_failed", "evt_2", "ch_1"));
  }

  @Test
  void aTotalBeyondAShortenedListDebitsTheRest() {
    PaymentFacts charge = event("evt_1", "2026-01-20T10:00:00Z", List.of("ch_1", "re_1"),
        refund("re_1", 300, "succeeded", "2026-01-20T09:00:00Z"), new Fact.RefundedTotal("ch_1", 1000));

    assertThat(netBySlotAndMonth(PaymentHistory.of(List.of(charge), "default"))).containsExactly(
        Map.entry("refund:re_1 2026-01", -300L), Map.entry("refunded:ch_1 2026-01", -700L));
  }

  /**
   * An endpoint of a recent API version gets {@code charge.refunded} without a refund list, and the
   * failure through {@code refund.failed}: the refund is known by the total, then fails. The contract
   * gives its debit back; the failure must explain the total it was part of.
   */
  @ParameterizedTest
  @ValueSource(strings = {"failed", "canceled"})
  void aRefundKnownOnlyByTheTotalIsGivenBackWhenItFails(String status) {
    PaymentFacts total = event("evt_charge", "2026-01-20T10:00:02Z", List.of("ch_1", "pi_1"),
        new Fact.RefundedTotal("ch_1", 2000));
    PaymentFacts failed = event("evt_failed", "2026-02-03T10:00:00Z", List.of("re_1", "ch_1", "pi_1"),
        refund("re_1", 2000, status, "2026-01-20T10:00:00Z"));

    assertThat(net(List.of(total, failed))).as("net of a refund that %s", status).isZero();
  }

  // --- disputes ---

  @Test
  void anInquiryMovesNothing() {
    PaymentFacts paid = event("evt_paid", "2026-01-10T10:00:00Z", List.of("pi_1"), paid("pi_1", 5000));
    PaymentFacts opened = event("evt_open", "2026-02-01T10:00:00Z", List.of("du_1", "ch_1", "pi_1"));
    PaymentFacts closed = event("evt_close", "2026-03-01T10:00:00Z", List.of("du_1", "ch_1", "pi_1"));

    assertThat(PaymentHistory.of(List.of(paid, opened, closed), "default").lines())
        .extracting(PaymentHistory.Line::slot).containsExactly("payment");
  }

  @Test
  void withdrawnFundsAreDebitedOnce() {
    PaymentFacts created = dispute("evt_created", "2026-02-01T10:00:00Z", false);
    PaymentFacts withdrawn = dispute("evt_withdrawn", "2026-02-01T10:00:01Z", false);
    PaymentFacts lost = dispute("evt_lost", "2026-03-20T10:00:00Z", false);

    assertThat(PaymentHistory.of(List.of(lost, withdrawn, created), "default").lines()).containsExactly(
        new PaymentHistory.Line("dispute:du_1", "du_1", "2026-02", -1500, "dispute", "evt_created", "ch_1"));
  }

  @Test
  void wonOrReinstatedFundsComeBackOnce() {
    PaymentFacts withdrawn = dispute("evt_withdrawn", "2026-02-01T10:00:01Z", false);
    PaymentFacts won = dispute("evt_won", "2026-03-10T10:00:00Z", true);
    PaymentFacts reinstated = dispute("evt_reinstated", "2026-03-10T10:00:01Z", true);

    assertThat(PaymentHistory.of(List.of(reinstated, won, withdrawn), "default").lines()).containsExactly(
        new PaymentHistory.Line("dispute:du_1", "du_1", "2026-02", -1500, "dispute", "evt_withdrawn", "ch_1"),
        new PaymentHistory.Line("dispute:du_1", "du_1", "2026-03", 1500, "dispute_won", "evt_won", "ch_1"));
    assertThat(net(List.of(withdrawn, reinstated))).isZero();
  }

  // --- properties ---

  /** The heart of issue 12: order and duplicates change nothing, for arbitrary facts and for Stripe-like lives. */
  @Test
  void everyOrderAndEveryDuplicationGiveTheSameLedger() {
    List<String> failures = new ArrayList<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      check(seed, randomFacts(new Random(seed)), failures);
      check(seed, PaymentSim.generate(seed, PaymentSim.Delivery.ALL).events(), failures);
    }
    assertThat(failures.stream().limit(3).toList()).as("%d failures, the first three", failures.size()).isEmpty();
  }

  private static void check(long seed, List<PaymentFacts> events, List<String> failures) {
    PaymentHistory.Desired expected = PaymentHistory.of(events, "default");
    Random rng = new Random(seed * 31 + 7);
    for (int variant = 0; variant < 6; variant++) {
      List<PaymentFacts> delivered = new ArrayList<>(events);
      if (variant >= 2) {
        for (int copies = rng.nextInt(events.size() + 1); copies > 0; copies--) {
          delivered.add(events.get(rng.nextInt(events.size())));
        }
      }
      if (variant == 0) {
        Collections.reverse(delivered);
      } else {
        Collections.shuffle(delivered, rng);
      }
      PaymentHistory.Desired actual = PaymentHistory.of(delivered, "default");
      if (!actual.account().equals(expected.account())
          || !netBySlotAndMonth(actual).equals(netBySlotAndMonth(expected))) {
        failures.add("seed " + seed + " variant " + variant + ": " + netBySlotAndMonth(actual) + " on "
            + actual.account() + " instead of " + netBySlotAndMonth(expected) + " on " + expected.account());
      }
    }
  }

  /** Whatever event types the endpoint receives (among those that tell the whole story), the budget ends right. */
  @ParameterizedTest
  @EnumSource(PaymentSim.Delivery.class)
  void theBudgetEndsAtWhatStripeMoved(PaymentSim.Delivery delivery) {
    List<String> failures = new ArrayList<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      PaymentSim.History history = PaymentSim.generate(seed, delivery);
      List<PaymentFacts> shuffled = new ArrayList<>(history.events());
      Collections.shuffle(shuffled, new Random(seed));
      PaymentHistory.Desired desired = PaymentHistory.of(shuffled, "default");
      Map<String, Long> net = netBySlotAndMonth(desired);
      List<String> wrong = new ArrayList<>();
      if (!desired.account().equals(history.account())) {
        wrong.add("account " + desired.account() + " instead of " + history.account());
      }
      long total = net.values().stream().mapToLong(Long::longValue).sum();
      if (total != history.net()) {
        wrong.add("net " + total + " instead of " + history.net());
      }
      List<PaymentHistory.Line> credits = desired.lines().stream().filter(l -> l.slot().equals("payment")).toList();
      if (credits.isEmpty() || credits.stream().anyMatch(l -> !l.month().equals(history.creditMonth()))) {
        wrong.add("credit lines " + credits + " instead of all in " + history.creditMonth());
      }
      if (delivery != PaymentSim.Delivery.CHARGE_TOTALS_AND_FAILURES) {
        history.refundNets().forEach((refund, expected) -> {
          long actual = desired.lines().stream().filter(l -> l.slot().equals("refund:" + refund))
              .mapToLong(PaymentHistory.Line::signed).sum();
          String debitMonth = desired.lines().stream().filter(l -> l.slot().equals("refund:" + refund) && l.signed() < 0)
              .map(PaymentHistory.Line::month).findFirst().orElse(null);
          String firstReport = history.events().stream()
              .filter(e -> e.facts().stream().anyMatch(f -> f instanceof Fact.RefundSeen r && r.refundId().equals(refund)))
              .min(Comparator.comparingLong(PaymentFacts::created)).map(e -> Months.ofEpochSecond(e.created()))
              .orElse(null);
          if (actual != expected || !Objects.equals(firstReport, debitMonth)) {
            wrong.add(refund + " nets " + actual + " debited in " + debitMonth + " instead of " + expected + " in "
                + firstReport);
          }
        });
      }
      if (!wrong.isEmpty()) {
        failures.add("seed " + seed + ": " + wrong + " from " + history.sent());
      }
    }
    assertThat(failures.stream().limit(3).toList()).as("%d of %d histories, the first three", failures.size(), SEEDS)
        .isEmpty();
  }

  /** Arbitrary facts, stranger than Stripe's: times that collide, refunds with shifting amounts, totals that jump. */
  static List<PaymentFacts> randomFacts(Random rng) {
    long base = Instant.parse("2026-01-25T00:00:00Z").getEpochSecond();
    List<PaymentFacts> events = new ArrayList<>();
    for (int i = 1 + rng.nextInt(10); i > 0; i--) {
      long created = base + rng.nextInt(4) * 10 * 86_400L + (rng.nextBoolean() ? 0 : rng.nextInt(100));
      List<Fact> facts = new ArrayList<>();
      for (int f = rng.nextInt(4); f > 0; f--) {
        facts.add(randomFact(rng, created));
      }
      List<String> ids = List.of(new String[] {"pi_1", "ch_1", "re_1", "du_1"}[rng.nextInt(4)]);
      events.add(new PaymentFacts("evt_r" + events.size(), created, ids, List.copyOf(facts)));
    }
    return events;
  }

  private static Fact randomFact(Random rng, long created) {
    String[] accounts = {"team-a", "team-b", "team-c"};
    return switch (rng.nextInt(5)) {
      case 0 -> new Fact.Hint(AccountSource.values()[rng.nextInt(AccountSource.values().length)],
          accounts[rng.nextInt(accounts.length)]);
      case 1 -> {
        String object = new String[] {"pi_1", "in_1", "inpay_1", "inpay_2"}[rng.nextInt(4)];
        yield new Fact.Paid(object, 100L * (1 + rng.nextInt(50)), SOURCES_OF_PAID[rng.nextInt(SOURCES_OF_PAID.length)],
            object.startsWith("inpay") ? Fact.Carrier.PART
                : object.startsWith("in_") ? Fact.Carrier.INVOICE : Fact.Carrier.SESSION);
      }
      case 2 -> new Fact.RefundSeen("re_" + (1 + rng.nextInt(3)), rng.nextInt(4) == 0 ? null : "ch_" + (1 + rng.nextInt(2)),
          100L * (1 + rng.nextInt(20)), new String[] {"pending", "succeeded", "failed", "canceled", null}[rng.nextInt(5)],
          created - rng.nextInt(5) * 86_400L);
      case 3 -> new Fact.RefundedTotal("ch_" + (1 + rng.nextInt(2)), 100L * rng.nextInt(30));
      default -> {
        boolean reinstated = rng.nextInt(3) == 0;
        yield new Fact.DisputeSeen("du_" + (1 + rng.nextInt(2)), "ch_1", 100L * (1 + rng.nextInt(10)),
            reinstated || rng.nextBoolean(), reinstated);
      }
    };
  }

  // --- helpers ---

  /** The ledger as a budget sees it: the net of each slot in each month, months that net nothing left out. */
  static Map<String, Long> netBySlotAndMonth(PaymentHistory.Desired desired) {
    Map<String, Long> net = new TreeMap<>();
    desired.lines().forEach(line -> net.merge(line.slot() + " " + line.month(), line.signed(), Long::sum));
    net.values().removeIf(amount -> amount == 0);
    return net;
  }

  private static long net(List<PaymentFacts> events) {
    return PaymentHistory.of(events, "default").lines().stream().mapToLong(PaymentHistory.Line::signed).sum();
  }

  static PaymentFacts event(String eventId, String created, List<String> ids, Fact... facts) {
    return new PaymentFacts(eventId, Instant.parse(created).getEpochSecond(), ids, Arrays.asList(facts));
  }

  private static Fact.Paid paid(String objectId, long amount) {
    return new Fact.Paid(objectId, amount, "checkout", Fact.Carrier.SESSION);
  }

  private static Fact.RefundSeen refund(String refundId, long amount, String status, String refundCreated) {
    return new Fact.RefundSeen(refundId, "ch_1", amount, status, Instant.parse(refundCreated).getEpochSecond());
  }

  /** An event of dispute du_1 whose funds are out, and back when {@code reinstated}. */
  private static PaymentFacts dispute(String eventId, String created, boolean reinstated) {
    return event(eventId, created, List.of("du_1", "ch_1"), new Fact.DisputeSeen("du_1", "ch_1", 1500, true, reinstated));
  }

  /** Account ids that sort against the sources' rank: the most specific source names the largest. */
  private static String accountOf(AccountSource source) {
    return "team-" + (char) ('a' + AccountSource.values().length - 1 - source.ordinal());
  }
}
