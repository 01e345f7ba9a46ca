package dev.budgetsync.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random but realistic Stripe histories of one month, and what they are worth per account. Realistic:
 * events carry Stripe's shapes of several API versions, times follow each object's life (a refund after
 * its payment, a failure days after its refund, a charge's cumulative total growing with its refunds),
 * and an endpoint receives the event types it subscribes to, fixed per history, as Stripe sends them.
 * What a history is worth is what a careful person would book from those events: the money of each
 * payment, less the refunds that stand and the disputes that were lost, on the account the events name,
 * and only what the subscribed events let anyone know.
 */
public final class StripeHistories {
  private static final List<String> API_VERSIONS = List.of("2022-08-01", "2024-06-20", "2025-09-30.clover");

  private StripeHistories() {
  }

  /** The events in the order Stripe made them, and the budget each account should end with. */
  public record History(String prefix, String month, List<JsonObject> events, Map<String, Long> worth) {
  }

  /** A history whose money the events leave unnamed goes to {@code defaultAccount}, as the service's would. */
  public static History generate(long seed, String defaultAccount) {
    return new Builder(seed, defaultAccount).build();
  }

  private static final class Builder {
    private final Random random;
    private final String prefix;
    private final String defaultAccount;
    private final long monthStart;
    private final String month;
    private final String apiVersion;
    /**
     * Refunds reach the endpoint as refund.* (0), charge.refunded (1), both (2), or refund.created and
     * charge.refunded only (3): then a refund's failure shows only in a later total.
     */
    private final int refundEvents;
    /** Whether charge.refunded lists its refunds (API versions before 2022-11-15). */
    private final boolean listsRefunds;
    private final boolean invoicePayments;
    private final boolean disputeFunds;
    private final List<Timed> events = new ArrayList<>();
    private final Map<String, Long> worth = new TreeMap<>();
    private int ids;

    private record Timed(long at, int n, JsonObject event) {
    }

    Builder(long seed, String defaultAccount) {
      random = new Random(seed);
      prefix = "h" + seed + "x" + Long.toHexString(System.nanoTime() & 0xffffff) + "-";
      this.defaultAccount = defaultAccount;
      LocalDateTime start = LocalDateTime.of(2025 + random.nextInt(2), 1 + random.nextInt(12), 1, 0, 0);
      month = start.toLocalDate().toString().substring(0, 7);
      monthStart = start.toEpochSecond(ZoneOffset.UTC);
      apiVersion = API_VERSIONS.get(random.nextInt(API_VERSIONS.size()));
      refundEvents = random.nextInt(4);
      listsRefunds = apiVersion.startsWith("2022") && random.nextBoolean();
      invoicePayments = apiVersion.startsWith("2025") && random.nextBoolean();
      disputeFunds = random.nextBoolean();
    }

    History build() {
      int payments = 1 + random.nextInt(4);
      for (int p = 0; p < payments; p++) {
        payment(prefix + "a" + random.nextInt(3));
      }
      List<JsonObject> ordered = events.stream()
          .sorted(Comparator.comparingLong(Timed::at).thenComparingInt(Timed::n)).map(Timed::event).toList();
      return new History(prefix, month, ordered, worth);
    }

    /** One payment of {@code account}, its refunds and maybe a dispute, and what each is worth where. */
    private void payment(String account) {
      long amount = 100 + random.nextInt(100_000);
      long paidAt = monthStart + 86_400 + random.nextInt(10 * 86_400);
      String pi = id("pi");
      String charge = id("ch");
      Evidence evidence = switch (random.nextInt(6)) {
        case 0 -> checkout(account, amount, pi, paidAt);
        case 1 -> asyncCheckout(account, amount, pi, paidAt);
        case 2 -> subscriptionCheckout(account, amount, pi, paidAt);
        case 3 -> renewal(account, amount, pi, paidAt);
        case 4 -> legacyInvoice(account, amount, pi, charge, paidAt);
        default -> new Evidence(false, false, false);
      };
      boolean chargeNamesAccount = random.nextInt(3) == 0;
      boolean refundsNameAccount = random.nextInt(4) == 0;
      Money taken = refunds(account, amount, pi, charge, paidAt, chargeNamesAccount, refundsNameAccount);
      taken = taken.plus(dispute(amount, pi, charge, paidAt));
      // Where the money lands: one account for everything when the refunds' ids reach the payment's.
      boolean refundSideNamed = taken.named();
      String paymentSide = evidence.named() || (evidence.linked() && refundSideNamed) ? account : defaultAccount;
      String refundSide = evidence.linked() ? paymentSide : refundSideNamed ? account : defaultAccount;
      if (evidence.credited()) {
        worth.merge(paymentSide, amount, Long::sum);
      }
      if (taken.amount() != 0) {
        worth.merge(refundSide, -taken.amount(), Long::sum);
      }
    }

    /** Whether the payment was credited, its events name the account, and the refunds' ids link to it. */
    private record Evidence(boolean credited, boolean named, boolean linked) {
    }

    /** Money taken back from a payment, and whether any refund or dispute event named its account. */
    private record Money(long amount, boolean named) {
      Money plus(Money other) {
        return new Money(amount + other.amount, named || other.named);
      }
    }

    private Evidence checkout(String account, long amount, String pi, long at) {
      boolean named = random.nextInt(5) != 0;
      String invoice = random.nextBoolean() ? id("in") : null;
      JsonObject session = session("payment", "paid", amount, pi, invoice, named ? account : null);
      add("checkout.session.completed", session, at);
      if (invoice != null) {
        // The invoice a payment-mode session made: the same payment, naming no account of its own.
        add("invoice.paid", invoice2025(invoice, amount, null, null), at + 1);
      }
      return new Evidence(true, named, true);
    }

    private Evidence asyncCheckout(String account, long amount, String pi, long at) {
      JsonObject session = session("payment", "unpaid", amount, pi, null, account);
      add("checkout.session.completed", session, at);
      add("checkout.session.async_payment_succeeded", session.copy().put("payment_status", "paid"),
          at + 3600 + random.nextInt(86_400));
      return new Evidence(true, true, true);
    }

    private Evidence subscriptionCheckout(String account, long amount, String pi, long at) {
      boolean sessionNames = random.nextBoolean();
      boolean subscriptionNames = !sessionNames || random.nextBoolean();
      String invoice = id("in");
      add("checkout.session.completed", session("subscription", "paid", amount, null, invoice,
          sessionNames ? account : null), at);
      JsonObject paid = invoice2025(invoice, amount, id("sub"), subscriptionNames ? account : null);
      add("invoice.paid", paid, at + 1);
      add("invoice.payment_succeeded", paid, at + 1);
      return new Evidence(true, true, invoicePayment(invoice, amount, pi, at + 1));
    }

    /** A 2025+ renewal: the invoice names no PaymentIntent; only invoice_payment.paid links the two. */
    private Evidence renewal(String account, long amount, String pi, long at) {
      String invoice = id("in");
      add("invoice.paid", invoice2025(invoice, amount, id("sub"), account), at);
      return new Evidence(true, true, invoicePayment(invoice, amount, pi, at));
    }

    private boolean invoicePayment(String invoice, long amount, String pi, long at) {
      if (!invoicePayments) {
        return false;
      }
      add("invoice_payment.paid", new JsonObject().put("id", id("inpay")).put("object", "invoice_payment")
          .put("invoice", invoice).put("amount_paid", amount).put("currency", "usd").put("status", "paid")
          .put("payment", new JsonObject().put("type", "payment_intent").put("payment_intent", pi)), at);
      return true;
    }

    private Evidence legacyInvoice(String account, long amount, String pi, String charge, long at) {
      JsonObject invoice = new JsonObject().put("id", id("in")).put("object", "invoice").put("amount_paid", amount)
          .put("currency", "usd").put("status", "paid").put("payment_intent", pi).put("charge", charge)
          .put("subscription", id("sub")).put("metadata", new JsonObject().put("account_id", account));
      add("invoice.paid", invoice, at);
      add("invoice.payment_succeeded", invoice, at);
      return new Evidence(true, true, true);
    }

    /**
     * 0-3 refunds, each pending then succeeded, or failed or canceled days later (then often replaced),
     * reported by the event types the endpoint subscribes to; returns what stands, as far as those
     * events tell.
     */
    private Money refunds(String account, long amount, String pi, String charge, long paidAt,
                          boolean chargeNamesAccount, boolean refundsNameAccount) {
      List<JsonObject> refunds = new ArrayList<>();
      List<long[]> failures = new ArrayList<>();
      long refundable = amount;
      long at = paidAt + 600;
      long lastTotal = 0;
      boolean named = false;
      int count = random.nextInt(4);
      for (int r = 0; r < count && refundable > 0; r++) {
        at += 60 + random.nextInt(86_400);
        long value = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, Math.max(1, refundable / 2)));
        int fate = random.nextInt(4);
        JsonObject refund = new JsonObject().put("id", id("re")).put("object", "refund").put("amount", value)
            .put("charge", charge).put("payment_intent", pi).put("currency", "usd").put("created", at)
            .put("status", fate == 0 ? "succeeded" : "pending")
            .put("metadata", refundsNameAccount ? new JsonObject().put("account_id", account) : new JsonObject());
        refunds.add(refund);
        refundable -= value;
        if (refundEvents != 1) {
          add("refund.created", refund.copy(), at);
        }
        lastTotal = chargeRefunded(charge, pi, amount, refunds, failures, at, chargeNamesAccount, account);
        // A refund's own metadata names no account: refunds follow their payment.
        named |= refundEvents != 0 && chargeNamesAccount;
        if (fate <= 1) {
          if (fate == 1 && refundUpdates()) {
            add("refund.updated", refund.copy().put("status", "succeeded"), at + 5);
          }
          continue;
        }
        long failedAt = at + 3600 + random.nextInt(3 * 86_400);
        String status = fate == 2 ? "failed" : "canceled";
        failures.add(new long[] {refunds.size() - 1, failedAt});
        if (refundUpdates()) {
          JsonObject failed = refund.copy().put("status", status);
          add("refund.updated", failed, failedAt);
          if (fate == 2) {
            add("refund.failed", failed, failedAt);
          }
        }
        refundable += value;
      }
      long standing;
      if (!refundUpdates()) {
        // Without refund.updated, a failure shows only in a later total; after the last one, nobody knows.
        standing = lastTotal;
      } else {
        standing = 0;
        for (int i = 0; i < refunds.size(); i++) {
          int index = i;
          if (failures.stream().noneMatch(f -> f[0] == index)) {
            standing += refunds.get(i).getLong("amount");
          }
        }
      }
      return new Money(standing, named);
    }

    private boolean refundUpdates() {
      return refundEvents == 0 || refundEvents == 2;
    }

    /** charge.refunded at {@code at}, if subscribed: the total of refunds not failed by then. Returns that total. */
    private long chargeRefunded(String charge, String pi, long amount, List<JsonObject> refunds, List<long[]> failures,
                                long at, boolean namesAccount, String account) {
      long total = 0;
      JsonArray listed = new JsonArray();
      for (int i = 0; i < refunds.size(); i++) {
        int index = i;
        boolean failed = failures.stream().anyMatch(f -> f[0] == index && f[1] <= at);
        JsonObject refund = refunds.get(i).copy();
        if (failed) {
          refund.put("status", "failed");
        } else {
          total += refund.getLong("amount");
        }
        listed.add(refund);
      }
      if (refundEvents != 0) {
        JsonObject object = new JsonObject().put("id", charge).put("object", "charge").put("amount", amount)
            .put("amount_refunded", total).put("currency", "usd").put("payment_intent", pi)
            .put("refunded", total == amount).put("description", "order \u0000 " + charge)
            .put("metadata", namesAccount ? new JsonObject().put("account_id", account) : new JsonObject());
        if (listsRefunds) {
          object.put("refunds", new JsonObject().put("object", "list").put("data", listed).put("has_more", false));
        }
        add("charge.refunded", object, at);
      }
      return total;
    }

    /** Maybe an inquiry (no money), or a formal dispute lost or won, or an inquiry that escalates. */
    private Money dispute(long amount, String pi, String charge, long paidAt) {
      int kind = random.nextInt(8);
      if (kind > 3) {
        return new Money(0, false);
      }
      long value = 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, amount));
      long at = paidAt + 86_400 + random.nextInt(5 * 86_400);
      long closedAt = at + 86_400 + random.nextInt(5 * 86_400);
      JsonObject dispute = new JsonObject().put("id", id("du")).put("object", "dispute").put("amount", value)
          .put("charge", charge).put("payment_intent", pi).put("currency", "usd").put("metadata", new JsonObject());
      switch (kind) {
        case 0 -> {
          add("charge.dispute.created", dispute.copy().put("status", "warning_needs_response"), at);
          add("charge.dispute.closed", dispute.copy().put("status", "warning_closed"), closedAt);
          return new Money(0, false);
        }
        case 1, 2 -> {
          boolean won = kind == 2;
          add("charge.dispute.created", dispute.copy().put("status", "needs_response"), at);
          fundsEvent("charge.dispute.funds_withdrawn", dispute.copy().put("status", "needs_response"), at);
          add("charge.dispute.closed", dispute.copy().put("status", won ? "won" : "lost"), closedAt);
          if (won) {
            fundsEvent("charge.dispute.funds_reinstated", dispute.copy().put("status", "won"), closedAt);
          }
          return new Money(won ? 0 : value, false);
        }
        default -> {
          // An inquiry the cardholder escalates: the same dispute object becomes formal and funds leave.
          add("charge.dispute.created", dispute.copy().put("status", "warning_needs_response"), at);
          fundsEvent("charge.dispute.funds_withdrawn", dispute.copy().put("status", "needs_response"), at + 86_400);
          add("charge.dispute.closed", dispute.copy().put("status", "lost"), closedAt + 86_400);
          return new Money(value, false);
        }
      }
    }

    private void fundsEvent(String type, JsonObject dispute, long at) {
      if (disputeFunds) {
        add(type, dispute, at);
      }
    }

    private JsonObject session(String mode, String paymentStatus, long amount, String pi, String invoice,
                               String account) {
      JsonObject session = new JsonObject().put("id", id("cs")).put("object", "checkout.session").put("mode", mode)
          .put("payment_status", paymentStatus).put("status", "complete").put("amount_total", amount)
          .put("currency", "usd").put("payment_intent", pi).put("invoice", invoice)
          .put("customer_details", new JsonObject().put("name", "Ada\u0000Lovelace").put("email", "ada@example.com"));
      if (account != null) {
        if (random.nextBoolean()) {
          session.put("client_reference_id", account);
        } else {
          session.put("metadata", new JsonObject().put("account_id", account));
        }
      }
      return session;
    }

    private JsonObject invoice2025(String invoice, long amount, String subscription, String account) {
      JsonObject paid = new JsonObject().put("id", invoice).put("object", "invoice").put("amount_paid", amount)
          .put("currency", "usd").put("status", "paid").put("metadata", new JsonObject());
      if (subscription != null) {
        JsonObject details = new JsonObject().put("subscription", subscription)
            .put("metadata", account == null ? new JsonObject() : new JsonObject().put("account_id", account));
        paid.put("parent", new JsonObject().put("type", "subscription_details").put("subscription_details", details));
      }
      return paid;
    }

    private String id(String kind) {
      return kind + "_" + prefix + (ids++);
    }

    private void add(String type, JsonObject object, long at) {
      long created = Math.min(at, monthStart + 27L * 86_400);
      events.add(new Timed(created, events.size(), new JsonObject().put("id", id("evt")).put("object", "event")
          .put("type", type).put("created", created).put("livemode", false).put("api_version", apiVersion)
          .put("data", new JsonObject().put("object", object))));
    }
  }
}
