package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.AgentOp;
import dev.budgetsync.domain.AgentResult;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batches of the agent path that give back expired holds, chosen rather than timed: a sweep in
 * the same batch as a new reservation (found by attacking the running jar, round 2, finding 3: the
 * expired hold, given back by the sweep, still blocked the reservation decided after it), and a
 * settlement of a hold that its own batch expired (finding 1: given back twice).
 */
@ExtendWith(VertxExtension.class)
class AgentLedgerExpiryTest {
  private static final String SCHEMA = TestDatabase.newSchemaName();
  private static final AccountSettings SETTINGS = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  private static Pool pool;
  private static AgentLedger ledger;

  @BeforeAll
  static void schema(Vertx vertx) {
    PgConnectOptions options = TestDatabase.options();
    Migrations.migrate(options, SCHEMA, SETTINGS);
    pool = Pools.pool(vertx, options, SCHEMA, 2);
    ledger = new AgentLedger(pool, SETTINGS, Clock.systemUTC());
  }

  @AfterAll
  static void drop() {
    pool.close().await();
    TestDatabase.dropSchema(SCHEMA);
  }

  @Test
  void aSweepInTheSameBatchLetsANewReservationHaveWhatTheExpiredHoldHeld() throws Exception {
    String account = fundedWithAnExpiredHold(1000);

    AgentResult reserved = write(List.of(new AgentOp.ExpireDue(500),
        new AgentOp.Reserve(account, "x", 1000, "usd", 60))).results().get(1);

    assertThat(reserved.refusal()).isNull();
    assertThat(reserved.status().reserved()).isEqualTo(1000);
    assertReservedIsWhatIsHeld(account);
  }

  @Test
  void aSettlementOfAHoldItsOwnBatchExpiredGivesTheHoldBackOnce() throws Exception {
    String account = fundedWithAnExpiredHold(1000);
    String id = heldIds(account).get(0);

    AgentResult settled = write(List.of(new AgentOp.Settle(id, 300, null, false))).results().get(0);

    assertThat(settled.refusal()).isNull();
    assertThat(settled.status().reserved()).isZero();
    assertThat(settled.status().remaining()).isEqualTo(700);
    assertReservedIsWhatIsHeld(account);
  }

  /** A batch written as group commit writes it, with a minute to commit. */
  private static Written<AgentResult> write(List<AgentOp> ops) {
    return ledger.write(ops, System.nanoTime() + TimeUnit.MINUTES.toNanos(1)).await();
  }

  /** A month with {@code amount} credited and a hold of all of it that expired a moment ago. */
  private static String fundedWithAnExpiredHold(long amount) throws InterruptedException {
    String account = "acct_" + UUID.randomUUID().toString().substring(0, 8);
    List<AgentResult> results = write(List.of(new AgentOp.TopUp(account, amount, "usd", null, null),
        new AgentOp.Reserve(account, "x", amount, "usd", 1))).results();
    assertThat(results.get(1).refusal()).isNull();
    Thread.sleep(1100);
    return account;
  }

  private static List<String> heldIds(String account) {
    return pool.preparedQuery("select id from reservation where account = $1 and status = 'held'")
        .execute(Tuple.of(account)).await().stream().map(row -> row.getString("id")).toList();
  }

  private static void assertReservedIsWhatIsHeld(String account) {
    Row row = pool.preparedQuery("select reserved, (select coalesce(sum(amount), 0) from reservation"
        + " where account = $1 and status = 'held') as held from budget_month where account = $1")
        .execute(Tuple.of(account)).await().iterator().next();
    assertThat(row.getLong("reserved")).isEqualTo(row.getLong("held")).isNotNegative();
  }
}
