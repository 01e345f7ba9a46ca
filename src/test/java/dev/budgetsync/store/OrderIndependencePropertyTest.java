package dev.budgetsync.store;

import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.StripeEvent;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for random histories of payments, invoices, refunds and disputes, delivering the events
 * in any order, in any batches, with any duplication, gives the same budgets and ledger totals as
 * delivering them once in order, and those equal what the history is worth. Seeded, so a failing
 * seed reproduces; 200 histories run in the normal test run.
 */
@ExtendWith(VertxExtension.class)
class OrderIndependencePropertyTest {
  private static final AccountSettings SETTINGS = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  private static final String IN_ORDER = TestDatabase.newSchemaName();
  private static final String SHUFFLED = TestDatabase.newSchemaName();
  private static Pool inOrder;
  private static Pool shuffled;

  @BeforeAll
  static void schemas(Vertx vertx) {
    PgConnectOptions options = TestDatabase.options();
    Migrations.migrate(options, IN_ORDER, SETTINGS);
    Migrations.migrate(options, SHUFFLED, SETTINGS);
    inOrder = Pools.pool(vertx, options, IN_ORDER, 2);
    shuffled = Pools.pool(vertx, options, SHUFFLED, 2);
  }

  @AfterAll
  static void drop() {
    inOrder.close().await();
    shuffled.close().await();
    TestDatabase.dropSchema(IN_ORDER);
    TestDatabase.dropSchema(SHUFFLED);
  }

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest(name = "history {0}")
  @MethodSource("seeds")
  void anyOrderAndAnyDuplicationGiveTheSameBudgets(long seed) {
    Random random = new Random(seed);
    History history = History.generate(seed, random);

    for (JsonObject event : history.events) {
      deliver(inOrder, List.of(event));
    }
    List<JsonObject> redelivery = new ArrayList<>(history.events);
    for (JsonObject event : history.events) {
      if (random.nextInt(3) == 0) {
        redelivery.add(event);
      }
    }
    Collections.shuffle(redelivery, random);
    for (int i = 0; i < redelivery.size(); ) {
      int size = 1 + random.nextInt(6);
      deliver(shuffled, redelivery.subList(i, Math.min(redelivery.size(), i + size)));
      i += size;
    }

    Map<String, Long> expected = history.expectedBudgets();
    Map<String, Long> once = budgets(inOrder, history);
    assertThat(once).as("seed %d in order", seed).isEqualTo(expected);
    assertThat(budgets(shuffled, history)).as("seed %d shuffled and duplicated", seed).isEqualTo(once);
    assertThat(ledgerTotals(shuffled, history)).as("seed %d ledger totals", seed)
        .isEqualTo(ledgerTotals(inOrder, history));
  }

  private static void deliver(Pool pool, List<JsonObject> events) {
    List<EventStore.Incoming> batch = events.stream().map(json -> {
      StripeEvent event = StripeEvent.parse(json);
      return new EventStore.Incoming(event, EventMapper.effectOf(event, SETTINGS));
    }).toList();
    new EventStore(pool, SETTINGS).write(batch).await();
  }

  private static Map<String, Long> budgets(Pool pool, History history) {
    Map<String, Long> budgets = new TreeMap<>();
    for (Row row : pool.preparedQuery("select account, credited - debited as budget from budget_month "
        + "where account like $1 and month = $2").execute(Tuple.of(history.prefix + "%", history.month)).await()) {
      budgets.put(row.getString("account"), row.getLong("budget"));
    }
    return budgets;
  }

  private static Map<String, Long> ledgerTotals(Pool pool, History history) {
    Map<String, Long> totals = new TreeMap<>();
    for (Row row : pool.preparedQuery("select account, kind, sum(amount) as total from ledger_entry "
        + "where account like $1 group by account, kind").execute(Tuple.of(history.prefix + "%")).await()) {
      totals.put(row.getString("account") + " " + row.getString("kind"), row.getLong("total"));
    }
    return totals;
  }

  /** A random history of one month's money, and what it is worth per account. */
  private static final class History {
    final String prefix;
    final String month;
    final List<JsonObject> events = new ArrayList<>();
    final Map<String, Long> worth = new TreeMap<>();
    private final Random random;
    private final long monthStart;
    /** An endpoint subscribes to fixed event types: refund.* (0), charge.refunded (1) or both (2). */
    private final int refundEvents;
    /** Whether the endpoint's API version lists refunds inside charge.refunded. */
    private final boolean listsRefunds;
    private int ids;

    private History(long seed, Random random) {
      this.random = random;
      this.prefix = "h" + seed + "-" + Long.toHexString(System.nanoTime()) + "-";
      LocalDateTime start = LocalDateTime.of(2025 + random.nextInt(2), 1 + random.nextInt(12), 1, 0, 0);
      this.month = start.toLocalDate().toString().substring(0, 7);
      this.monthStart = start.toEpochSecond(ZoneOffset.UTC);
      this.refundEvents = random.nextInt(3);
      this.listsRefunds = random.nextBoolean();
    }

    static History generate(long seed, Random random) {
      History history = new History(seed, random);
      int accounts = 1 + random.nextInt(3);
      int payments = 1 + random.nextInt(4);
      for (int p = 0; p < payments; p++) {
        history.payment(history.prefix + "a" + random.nextInt(accounts));
      }
      return history;
    }

    Map<String, Long> expectedBudgets() {
      return worth;
    }

    private String id(String prefix) {
      return prefix + "_" + this.prefix + (ids++);
    }

    private long someTime() {
      // Within the month's first 27 days, so every event of the history stays in that month.
      return monthStart + random.nextInt(27 * 86_400);
    }

    private void add(String type, JsonObject object, long created) {
      events.add(new JsonObject().put("id", id("evt")).put("object", "event").put("type", type)
          .put("created", created).put("livemode", false).put("api_version", "2025-09-30.clover")
          .put("data", new JsonObject().put("object", object)));
    }

    private void worth(String account, long amount) {
      worth.merge(account, amount, Long::sum);
    }

    private void payment(String account) {
      long amount = 100 + random.nextInt(10_000);
      long paidAt = someTime();
      String pi = id("pi");
      switch (random.nextInt(3)) {
        case 0 -> {
          // Payment-mode Checkout, sometimes with an invoice that reports the same payment.
          String invoice = random.nextBoolean() ? id("in") : null;
          add("checkout.session.completed", new JsonObject().put("id", id("cs")).put("mode", "payment")
              .put("payment_status", "paid").put("amount_total", amount).put("currency", "usd")
              .put("client_reference_id", account).put("payment_intent", pi).put("invoice", invoice), paidAt);
          if (invoice != null) {
            add("invoice.paid", newInvoice(invoice, amount, account), paidAt);
          }
        }
        case 1 -> {
          // Subscription Checkout: the session is skipped, the invoice pays, reported by two event types.
          String invoice = id("in");
          add("checkout.session.completed", new JsonObject().put("id", id("cs")).put("mode", "subscription")
              .put("payment_status", "paid").put("amount_total", amount).put("currency", "usd")
              .put("client_reference_id", account), paidAt);
          add("invoice.paid", newInvoice(invoice, amount, account), paidAt);
          add("invoice.payment_succeeded", newInvoice(invoice, amount, account), paidAt);
        }
        default -> {
          // A pre-2025 invoice that names its PaymentIntent.
          String invoice = id("in");
          JsonObject legacy = new JsonObject().put("id", invoice).put("amount_paid", amount).put("currency", "usd")
              .put("payment_intent", pi).put("subscription", id("sub"))
              .put("metadata", new JsonObject().put("account_id", account));
          add("invoice.paid", legacy, paidAt);
          add("invoice.payment_succeeded", legacy, paidAt);
        }
      }
      worth(account, amount);
      String charge = id("ch");
      refunds(account, pi, charge, amount);
      if (random.nextInt(4) == 0) {
        dispute(account, pi, charge, 1 + random.nextInt((int) amount));
      }
    }

    private JsonObject newInvoice(String invoice, long amount, String account) {
      return new JsonObject().put("id", invoice).put("amount_paid", amount).put("currency", "usd")
          .put("parent", new JsonObject().put("subscription_details", new JsonObject()
              .put("subscription", id("sub")).put("metadata", new JsonObject().put("account_id", account))));
    }

    /** 0-3 partial refunds, each reported by the event types the endpoint subscribes to. */
    private void refunds(String account, String pi, String charge, long amount) {
      int count = random.nextInt(4);
      long refunded = 0;
      JsonArray listed = new JsonArray();
      for (int r = 0; r < count && refunded < amount; r++) {
        long refund = 1 + random.nextInt((int) Math.max(1, (amount - refunded) / 2));
        refunded += refund;
        long at = someTime();
        // Refunds carry the account too: one of a payment the ledger has not seen yet lands there.
        JsonObject refundObject = new JsonObject().put("id", id("re")).put("amount", refund).put("charge", charge)
            .put("payment_intent", pi).put("currency", "usd").put("status", "succeeded")
            .put("metadata", new JsonObject().put("account_id", account));
        listed.add(refundObject);
        if (refundEvents != 1) {
          add("refund.created", refundObject, at);
        }
        if (refundEvents != 0) {
          JsonObject chargeObject = new JsonObject().put("id", charge).put("amount", amount)
              .put("amount_refunded", refunded).put("currency", "usd").put("payment_intent", pi)
              .put("metadata", new JsonObject().put("account_id", account));
          if (listsRefunds) {
            chargeObject.put("refunds", new JsonObject().put("data", listed.copy()));
          }
          add("charge.refunded", chargeObject, at);
        }
        worth(account, -refund);
      }
    }

    private void dispute(String account, String pi, String charge, long amount) {
      String dispute = id("du");
      JsonObject object = new JsonObject().put("id", dispute).put("amount", amount).put("charge", charge)
          .put("payment_intent", pi).put("currency", "usd").put("status", "needs_response")
          .put("metadata", new JsonObject().put("account_id", account));
      add("charge.dispute.created", object, someTime());
      worth(account, -amount);
      if (random.nextBoolean()) {
        boolean won = random.nextBoolean();
        add("charge.dispute.closed", object.copy().put("status", won ? "won" : "lost"), someTime());
        if (won) {
          worth(account, amount);
        }
      }
    }
  }
}
