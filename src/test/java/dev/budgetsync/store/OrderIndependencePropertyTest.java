package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.StripeEvent;
import dev.budgetsync.support.StripeHistories;
import dev.budgetsync.support.StripeHistories.History;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: budgets are a function of the SET of events. For 500 seeded, realistic Stripe histories
 * ({@link StripeHistories}: payments of every shape and API version, invoices before their sessions,
 * 2025 invoices linked by invoice_payment.paid, refunds that fail or are canceled and are replaced,
 * cumulative totals with and without refund lists, inquiries, disputes won, lost and escalated, charge
 * metadata, U+0000 in the payloads), delivering the events in order, shuffled with duplicates in random
 * batches, and shuffled with duplicates from 4 connections at once, gives the same budgets and the same
 * net money per kind of object, equal to what the history is worth; and replaying everything delivered
 * gives them again. A failing seed reproduces.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderIndependencePropertyTest {
  private static final int HISTORIES = Integer.getInteger("budgetsync.histories", 500);
  private static final int CONNECTIONS = 4;
  private static final String IN_ORDER = TestDatabase.newSchemaName();
  private static final String SHUFFLED = TestDatabase.newSchemaName();
  private static final String CONCURRENT = TestDatabase.newSchemaName();
  private static final String REPLAYED = TestDatabase.newSchemaName();
  private static final String DEFAULT = "default";
  private static final AccountSettings SETTINGS = new AccountSettings(DEFAULT, "usd", false, List.of(50, 80, 100));
  private static final Map<String, History> DELIVERED = new ConcurrentHashMap<>();
  private static Pool inOrder;
  private static Pool shuffled;
  private static Pool concurrent;

  @BeforeAll
  static void schemas(Vertx vertx) {
    // Durability is not what this test is about: commits need not wait for the disk.
    PgConnectOptions options = TestDatabase.options().addProperty("synchronous_commit", "off");
    for (String schema : List.of(IN_ORDER, SHUFFLED, CONCURRENT, REPLAYED)) {
      Migrations.migrate(options, schema, SETTINGS);
    }
    inOrder = Pools.pool(vertx, options, IN_ORDER, 2);
    shuffled = Pools.pool(vertx, options, SHUFFLED, 2);
    concurrent = Pools.pool(vertx, options, CONCURRENT, CONNECTIONS);
  }

  @AfterAll
  static void drop() {
    inOrder.close().await();
    shuffled.close().await();
    concurrent.close().await();
    List.of(IN_ORDER, SHUFFLED, CONCURRENT, REPLAYED).forEach(TestDatabase::dropSchema);
  }

  static LongStream seeds() {
    return LongStream.range(0, HISTORIES);
  }

  @Order(1)
  @ParameterizedTest(name = "history {0}")
  @MethodSource("seeds")
  void anyOrderBatchingDuplicationAndConcurrencyGiveTheSameBudgets(long seed) {
    History history = StripeHistories.generate(seed, DEFAULT);
    Random random = new Random(seed);
    // Histories share the default account and run one after another: each is checked by what it adds there.
    List<Long> before = List.of(defaultBudget(inOrder, history), defaultBudget(shuffled, history),
        defaultBudget(concurrent, history));
    // The three deliveries, each into its own schema, run side by side.
    Future.all(deliverInOrder(new EventStore(inOrder, SETTINGS), history),
        deliverShuffled(new EventStore(shuffled, SETTINGS), history, random),
        deliverConcurrently(new EventStore(concurrent, SETTINGS), history, random)).await();
    DELIVERED.put(history.prefix(), history);

    Map<String, Long> expected = nonZero(history.worth());
    assertThat(budgets(inOrder, history, before.get(0))).as("seed %d in order", seed).isEqualTo(expected);
    assertThat(budgets(shuffled, history, before.get(1))).as("seed %d shuffled, duplicated, batched", seed)
        .isEqualTo(expected);
    assertThat(budgets(concurrent, history, before.get(2))).as("seed %d from %d connections", seed, CONNECTIONS)
        .isEqualTo(expected);
    Map<String, Long> nets = netByKind(inOrder, history.prefix());
    assertThat(netByKind(shuffled, history.prefix())).as("seed %d net by kind, shuffled", seed).isEqualTo(nets);
    assertThat(netByKind(concurrent, history.prefix())).as("seed %d net by kind, concurrent", seed).isEqualTo(nets);
  }

  @Order(2)
  @Test
  void replayingEverythingDeliveredGivesTheSameBudgets(Vertx vertx) {
    assertThat(DELIVERED).as("the histories ran first").hasSize(HISTORIES);
    Pool replayed = Pools.pool(vertx, TestDatabase.options().addProperty("synchronous_commit", "off"), REPLAYED, 2);
    try {
      Replay.Report report = new Replay(shuffled, replayed, SETTINGS)
          .run(event -> EventMapper.effectOf(event, SETTINGS), accountMonth -> true).await();
      assertThat(report.differences()).as("replay --verify of the shuffled delivery").isEmpty();
      Map<String, Long> defaults = new TreeMap<>();
      for (History history : DELIVERED.values()) {
        Map<String, Long> expected = new TreeMap<>(nonZero(history.worth()));
        Long toDefault = expected.remove(DEFAULT);
        if (toDefault != null) {
          defaults.merge(history.month(), toDefault, Long::sum);
        }
        assertThat(budgets(replayed, history, null)).as("replayed %s", history.prefix()).isEqualTo(expected);
      }
      defaults.forEach((month, amount) -> assertThat(budget(replayed, DEFAULT, month))
          .as("replayed default account in %s", month).isEqualTo(amount));
    } finally {
      replayed.close().await();
    }
  }

  private static List<EventStore.Incoming> incoming(List<JsonObject> events) {
    return events.stream().map(json -> {
      StripeEvent event = StripeEvent.parse(json);
      return new EventStore.Incoming(event, EventMapper.effectOf(event, SETTINGS), json.toBuffer());
    }).toList();
  }

  private static List<JsonObject> shuffledWithDuplicates(History history, Random random) {
    List<JsonObject> events = new ArrayList<>(history.events());
    for (JsonObject event : history.events()) {
      if (random.nextInt(3) == 0) {
        events.add(event);
      }
    }
    Collections.shuffle(events, random);
    return events;
  }

  /** One event at a time, in the order Stripe made them. */
  private static Future<Void> deliverInOrder(EventStore store, History history) {
    return inSequence(store, history.events().stream().map(List::of).toList(), 0);
  }

  /** Shuffled, some twice, in batches of 1 to 6, one batch after another. */
  private static Future<Void> deliverShuffled(EventStore store, History history, Random random) {
    List<JsonObject> events = shuffledWithDuplicates(history, random);
    List<List<JsonObject>> batches = new ArrayList<>();
    for (int i = 0; i < events.size(); ) {
      int size = 1 + random.nextInt(6);
      batches.add(events.subList(i, Math.min(events.size(), i + size)));
      i += size;
    }
    return inSequence(store, batches, 0);
  }

  private static Future<Void> inSequence(EventStore store, List<List<JsonObject>> batches, int next) {
    if (next == batches.size()) {
      return Future.succeededFuture();
    }
    return store.write(incoming(batches.get(next))).compose(written -> inSequence(store, batches, next + 1));
  }

  /** {@link #CONNECTIONS} writers at once, each taking the next small batch from one shuffled queue. */
  private static Future<Void> deliverConcurrently(EventStore store, History history, Random random) {
    ArrayDeque<List<JsonObject>> batches = new ArrayDeque<>();
    List<JsonObject> events = shuffledWithDuplicates(history, random);
    for (int i = 0; i < events.size(); ) {
      int size = 1 + random.nextInt(3);
      batches.add(events.subList(i, Math.min(events.size(), i + size)));
      i += size;
    }
    List<Future<Void>> writers = new ArrayList<>();
    for (int w = 0; w < CONNECTIONS; w++) {
      writers.add(drain(store, history, batches));
    }
    return Future.all(writers).mapEmpty();
  }

  private static Future<Void> drain(EventStore store, History history, ArrayDeque<List<JsonObject>> batches) {
    List<JsonObject> batch;
    synchronized (batches) {
      batch = batches.poll();
    }
    if (batch == null) {
      return Future.succeededFuture();
    }
    return store.write(incoming(batch)).compose(written -> drain(store, history, batches));
  }

  private static Map<String, Long> nonZero(Map<String, Long> worth) {
    Map<String, Long> budgets = new TreeMap<>();
    worth.forEach((account, amount) -> {
      if (amount != 0) {
        budgets.put(account, amount);
      }
    });
    return budgets;
  }

  /**
   * Each of the history's accounts' budget in its month, leaving out those at zero; with
   * {@code defaultBefore}, also what the history added to the default account's.
   */
  private static Map<String, Long> budgets(Pool pool, History history, Long defaultBefore) {
    Map<String, Long> budgets = new TreeMap<>();
    for (Row row : pool.preparedQuery("select account, credited - debited as budget from budget_month "
        + "where account like $1 and month = $2").execute(Tuple.of(history.prefix() + "%", history.month())).await()) {
      if (row.getLong("budget") != 0) {
        budgets.put(row.getString("account"), row.getLong("budget"));
      }
    }
    if (defaultBefore != null && defaultBudget(pool, history) - defaultBefore != 0) {
      budgets.put(DEFAULT, defaultBudget(pool, history) - defaultBefore);
    }
    return budgets;
  }

  private static long defaultBudget(Pool pool, History history) {
    return budget(pool, DEFAULT, history.month());
  }

  private static long budget(Pool pool, String account, String month) {
    for (Row row : pool.preparedQuery("select credited - debited as budget from budget_month "
        + "where account = $1 and month = $2").execute(Tuple.of(account, month)).await()) {
      return row.getLong("budget");
    }
    return 0;
  }

  /** Net money per account and kind of object (payment, refund, refunded, dispute), leaving out zeros. */
  private static Map<String, Long> netByKind(Pool pool, String prefix) {
    Map<String, Long> nets = new TreeMap<>();
    for (Row row : pool.preparedQuery("select account, split_part(slot, ':', 1) as kind, "
        + "sum(case kind when 'credit' then amount else -amount end)::int8 as net from ledger_entry "
        + "where account like $1 and slot is not null group by 1, 2").execute(Tuple.of(prefix + "%")).await()) {
      if (row.getLong("net") != 0) {
        nets.put(row.getString("account") + " " + row.getString("kind"), row.getLong("net"));
      }
    }
    return nets;
  }
}
