package dev.budgetsync.domain;

import dev.budgetsync.money.Months;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded Stripe-like lives of one payment (a credit through one of its carriers' shapes, refunds that
 * may fail or be canceled, an inquiry or a formal dispute), as the facts the mapper draws from each
 * event, with what Stripe's money came to. State changes are at least a minute apart and a snapshot
 * ({@code charge.refunded}) follows its refund within seconds, as Stripe sends them.
 */
final class PaymentSim {
  private static final long START = Instant.parse("2026-01-20T00:00:00Z").getEpochSecond();
  private static final String CHARGE = "ch_sim";
  private static final String[] ACCOUNTS = {"team-a", "team-b", "team-c"};

  /** Which event types the endpoint receives. */
  enum Delivery {
    /** Every type this service handles. */
    ALL,
    /** {@code refund.*} but not {@code charge.refunded}. */
    REFUND_EVENTS_ONLY,
    /** {@code charge.refunded} of a recent API version (no {@code refunds} list), and only the failures of {@code refund.*}. */
    CHARGE_TOTALS_AND_FAILURES
  }

  /** One event, with the event type it stands for. */
  record Sent(String type, PaymentFacts facts) {
  }

  /**
   * @param net        what the payment's account must end at: the credit less the refunds that stand and a lost dispute
   * @param refundNets each refund's own net, by id, when its events are delivered ({@code ALL})
   */
  record History(long seed, List<Sent> sent, String account, long net, String creditMonth,
                 Map<String, Long> refundNets, Map<String, String> refundMonths) {
    List<PaymentFacts> events() {
      return sent.stream().map(Sent::facts).toList();
    }
  }

  private final Random rng;
  private final List<Sent> sent = new ArrayList<>();
  private int events;

  private PaymentSim(long seed) {
    this.rng = new Random(seed);
  }

  static History generate(long seed, Delivery delivery) {
    return new PaymentSim(seed).run(seed, delivery);
  }

  private record Refund(String id, long amount, long created, boolean fails, String firstStatus) {
  }

  private History run(long seed, Delivery delivery) {
    long t = START + rng.nextInt(40) * 86_400L + rng.nextInt(86_400);
    long amount = 1000 + 100L * rng.nextInt(90);
    long lastCarrier = carriers(t, amount);
    List<Fact.Hint> hints = new ArrayList<>();
    for (int i = rng.nextInt(4); i > 0; i--) {
      AccountSource source = AccountSource.values()[rng.nextInt(AccountSource.values().length)];
      hints.add(new Fact.Hint(source, ACCOUNTS[rng.nextInt(ACCOUNTS.length)]));
    }
    int carriers = sent.size();
    hints.forEach(hint -> addFact(rng.nextInt(carriers), hint));

    List<Refund> refunds = new ArrayList<>();
    long left = amount;
    for (int i = rng.nextInt(4); i > 0 && left >= 100; i--) {
      long refund = 100 * (1 + rng.nextInt((int) Math.min(left / 100, 20)));
      left -= refund;
      refunds.add(new Refund("re_sim" + refunds.size(), refund, 0, rng.nextInt(100) < 40,
          rng.nextBoolean() ? "pending" : "succeeded"));
    }
    int dispute = rng.nextInt(5); // 0, 1: none; 2: inquiry; 3: formal, won; 4: formal, lost
    long disputed = 100L * (1 + rng.nextInt(10));

    // The actions in a random order that keeps each refund's creation before its failure.
    List<String> pending = new ArrayList<>();
    refunds.forEach(r -> pending.add("create:" + r.id()));
    if (dispute >= 2) {
      pending.add("dispute:open");
    }
    List<Refund> created = new ArrayList<>();
    List<String> statusNow = new ArrayList<>();
    boolean disputeOpen = false;
    long time = lastCarrier;
    while (!pending.isEmpty()) {
      time += 60 + (rng.nextInt(3) == 0 ? rng.nextInt(20 * 86_400) : rng.nextInt(3_600));
      String action = pending.remove(rng.nextInt(pending.size()));
      String[] parts = action.split(":");
      switch (parts[0]) {
        case "create" -> {
          Refund plan = refunds.get(Integer.parseInt(parts[1].substring("re_sim".length())));
          Refund refund = new Refund(plan.id(), plan.amount(), time, plan.fails(), plan.firstStatus());
          created.add(refund);
          statusNow.add(refund.firstStatus());
          createRefund(refund, time, created, statusNow, delivery);
          if (refund.fails()) {
            pending.add("fail:" + (created.size() - 1));
          }
        }
        case "fail" -> {
          int index = Integer.parseInt(parts[1]);
          statusNow.set(index, failRefund(created.get(index), time, delivery));
        }
        case "dispute" -> {
          disputeOpen = !disputeOpen;
          dispute(dispute, disputed, disputeOpen, time);
          if (disputeOpen) {
            pending.add("dispute:close");
          }
        }
        default -> throw new IllegalStateException(action);
      }
    }
    long net = amount - (dispute == 4 ? disputed : 0);
    Map<String, Long> refundNets = new TreeMap<>();
    Map<String, String> refundMonths = new TreeMap<>();
    for (Refund refund : created) {
      net -= refund.fails() ? 0 : refund.amount();
      refundNets.put(refund.id(), refund.fails() ? 0 : -refund.amount());
      refundMonths.put(refund.id(), Months.ofEpochSecond(refund.created()));
    }
    String account = hints.stream().min(PaymentHistory.HINT_ORDER).map(Fact.Hint::account).orElse("default");
    return new History(seed, List.copyOf(sent), account, net, Months.ofEpochSecond(t), refundNets, refundMonths);
  }

  /** The payment's credit, carried in one of the shapes Stripe uses; returns the time of the last carrier. */
  private long carriers(long t, long amount) {
    switch (rng.nextInt(4)) {
      case 0 -> send("checkout.session.completed", t, List.of("cs_sim", "pi_sim"),
          new Fact.Paid("pi_sim", amount, "checkout", Fact.Carrier.SESSION));
      case 1 -> {
        send("checkout.session.completed", t, List.of("cs_sim", "pi_sim", "in_sim"),
            new Fact.Paid("pi_sim", amount, "checkout", Fact.Carrier.SESSION));
        send("invoice.paid", t + rng.nextInt(5), List.of("in_sim", "pi_sim"),
            new Fact.Paid("in_sim", amount, "invoice_payment", Fact.Carrier.INVOICE));
      }
      case 2 -> {
        send("invoice_payment.paid", t, List.of("inpay_sim1", "in_sim", "pi_sim"),
            new Fact.Paid("inpay_sim1", amount, "invoice_payment", Fact.Carrier.PART));
        send("invoice.paid", t + rng.nextInt(5), List.of("in_sim"),
            new Fact.Paid("in_sim", amount, "subscription_payment", Fact.Carrier.INVOICE));
      }
      default -> {
        long first = 100L * (1 + rng.nextInt((int) (amount / 100) - 1));
        send("invoice_payment.paid", t, List.of("inpay_sim1", "in_sim", "pi_sim"),
            new Fact.Paid("inpay_sim1", first, "invoice_payment", Fact.Carrier.PART));
        send("invoice_payment.paid", t + 30, List.of("inpay_sim2", "in_sim", "pi_sim2"),
            new Fact.Paid("inpay_sim2", amount - first, "invoice_payment", Fact.Carrier.PART));
        if (rng.nextBoolean()) {
          send("invoice.paid", t + 31, List.of("in_sim"), new Fact.Paid("in_sim", amount, "subscription_payment", Fact.Carrier.INVOICE));
        }
        return t + 31;
      }
    }
    return t + 5;
  }

  private void createRefund(Refund refund, long time, List<Refund> created, List<String> statusNow, Delivery delivery) {
    boolean byId = delivery != Delivery.CHARGE_TOTALS_AND_FAILURES;
    if (byId) {
      send("refund.created", time, List.of(refund.id(), CHARGE, "pi_sim"), new Fact.RefundSeen(refund.id(), CHARGE,
          refund.amount(), refund.firstStatus(), refund.created()));
      if (refund.firstStatus().equals("pending") && !refund.fails() && rng.nextBoolean()) {
        send("refund.updated", time + 5, List.of(refund.id(), CHARGE), new Fact.RefundSeen(refund.id(), CHARGE,
            refund.amount(), "succeeded", refund.created()));
      }
    }
    if (delivery == Delivery.REFUND_EVENTS_ONLY) {
      return;
    }
    long at = time + rng.nextInt(20);
    List<String> ids = new ArrayList<>(List.of(CHARGE, "pi_sim"));
    List<Fact> facts = new ArrayList<>();
    long total = 0;
    boolean listed = delivery == Delivery.ALL && rng.nextBoolean();
    for (int i = 0; i < created.size(); i++) {
      Refund r = created.get(i);
      boolean failed = statusNow.get(i).equals("failed") || statusNow.get(i).equals("canceled");
      total += failed ? 0 : r.amount();
      if (listed) {
        ids.add(r.id());
        facts.add(new Fact.RefundSeen(r.id(), CHARGE, r.amount(), statusNow.get(i), r.created()));
      }
    }
    facts.add(new Fact.RefundedTotal(CHARGE, total));
    send("charge.refunded", at, ids, facts.toArray(new Fact[0]));
  }

  /** Sends the failure of a refund through refund.updated, refund.failed or both; returns its status now. */
  private String failRefund(Refund refund, long time, Delivery delivery) {
    String status = rng.nextInt(3) == 0 ? "canceled" : "failed";
    int how = status.equals("canceled") ? 0 : rng.nextInt(3); // 0: updated, 1: failed, 2: both
    List<String> ids = List.of(refund.id(), CHARGE, "pi_sim");
    if (how != 1) {
      send("refund.updated", time, ids, new Fact.RefundSeen(refund.id(), CHARGE, refund.amount(), status,
          refund.created()));
    }
    if (how != 0) {
      send("refund.failed", time + 1, ids, new Fact.RefundSeen(refund.id(), CHARGE, refund.amount(), status,
          refund.created()));
    }
    return status;
  }

  /** An inquiry moves nothing; a formal dispute's funds leave, and come back when it is won. */
  private void dispute(int kind, long amount, boolean open, long time) {
    List<String> ids = List.of("du_sim", CHARGE, "pi_sim");
    if (kind == 2) {
      send(open ? "charge.dispute.created" : "charge.dispute.closed", time, ids);
      return;
    }
    if (open) {
      int how = rng.nextInt(3); // 0: created, 1: funds_withdrawn, 2: both
      if (how != 1) {
        send("charge.dispute.created", time, ids, new Fact.DisputeSeen("du_sim", CHARGE, amount, true, false));
      }
      if (how != 0) {
        send("charge.dispute.funds_withdrawn", time + 1, ids, new Fact.DisputeSeen("du_sim", CHARGE, amount, true, false));
      }
      return;
    }
    boolean won = kind == 3;
    send("charge.dispute.closed", time, ids, new Fact.DisputeSeen("du_sim", CHARGE, amount, true, won));
    if (won && rng.nextBoolean()) {
      send("charge.dispute.funds_reinstated", time + 1, ids, new Fact.DisputeSeen("du_sim", CHARGE, amount, true, true));
    }
  }

  private void send(String type, long created, List<String> ids, Fact... facts) {
    String eventId = String.format("evt_sim%03d", events++);
    sent.add(new Sent(type, new PaymentFacts(eventId, created, List.copyOf(ids), List.of(facts))));
  }

  private void addFact(int index, Fact fact) {
    Sent event = sent.get(index);
    List<Fact> facts = new ArrayList<>(event.facts().facts());
    facts.add(0, fact);
    PaymentFacts f = event.facts();
    sent.set(index, new Sent(event.type(), new PaymentFacts(f.eventId(), f.created(), f.ids(), List.copyOf(facts))));
  }
}
