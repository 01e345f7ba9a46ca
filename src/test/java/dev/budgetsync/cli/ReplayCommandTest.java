package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Events;
import dev.budgetsync.store.InstanceLock;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code replay}: the budgets a database holds are what its stored events and manual entries make. */
@ExtendWith(VertxExtension.class)
class ReplayCommandTest {
  private static TestApp app;

  @BeforeAll
  static void fill(Vertx vertx) {
    app = TestApp.start(vertx);
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    String pi = session.getString("payment_intent");
    String charge = Events.newId("ch");
    app.postEvent(Events.wrap("checkout.session.completed", session));
    app.postEvent(Events.wrap("invoice.paid", Events.paidInvoice(2000, "usd", account)));
    app.postEvent(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 700, new JsonArray()
        .add(Events.refund(Events.newId("re"), charge, pi, 700)))));
    app.postEvent(Events.wrap("charge.refunded", Events.charge(charge, pi, 5000, 900, null)));
    app.postEvent(Events.wrap("charge.dispute.created", Events.dispute(Events.newId("du"), charge, pi, 100, "open")));
    app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(10, "eur", account)));
    app.postEvent(Events.wrap("customer.subscription.updated", new JsonObject().put("id", "sub_1")));
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 300), "replay-key");
    // Histories whose order once decided the account (issue 12): replay must give the same budgets.
    String invoice = Events.newId("in");
    app.postEvent(Events.wrap("invoice.paid", new JsonObject().put("id", invoice).put("amount_paid", 800)
        .put("currency", "usd").put("status", "paid")));
    app.postEvent(Events.wrap("checkout.session.completed", Events.paidSession(800, "usd", Events.newId("acct"))
        .put("invoice", invoice)));
    String unknownCharge = Events.newId("ch");
    String unknownPi = Events.newId("pi");
    app.postEvent(Events.wrap("refund.created", Events.refund(Events.newId("re"), unknownCharge, unknownPi, 200)));
    app.postEvent(Events.wrap("charge.refunded", Events.charge(unknownCharge, unknownPi, 900, 200, null)
        .put("metadata", new JsonObject().put("account_id", Events.newId("acct")))));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static CliRun replay(Vertx vertx, String... args) {
    return CliRun.run(vertx, AppConfig.from(app.config()), args);
  }

  @Test
  void verifyNamesTheDatabaseFirstThenFindsNoDifferenceThenATamperedLedgerIsFoundAndRebuiltWithYes(Vertx vertx) {
    CliRun clean = replay(vertx, "replay", "--verify");
    assertThat(clean.exit()).as(clean.all()).isZero();
    assertThat(clean.out().lines().findFirst().orElseThrow()).isEqualTo("verifying PostgreSQL from DATABASE_URL at "
        + TestDatabase.options().getHost() + ":" + TestDatabase.options().getPort() + "/"
        + TestDatabase.options().getDatabase() + " (schema " + app.schema() + ")");
    assertThat(clean.out()).contains("replayed 11 events and 1 manual entries: 0 difference(s)");

    String account = Events.newId("acct");
    app.query("insert into ledger_entry (account, month, kind, amount, currency, source, money_key) "
        + "values ($1, $2, 'credit', 999, 'usd', 'forged', 'forged:1')", account, TestApp.currentMonth());
    app.query("insert into budget_month (account, month, currency, credited) values ($1, $2, 'usd', 999)",
        account, TestApp.currentMonth());

    CliRun tampered = replay(vertx, "replay", "--verify");
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.out()).contains("budget " + account + " " + TestApp.currentMonth() + " ")
        .contains("money " + account + " " + TestApp.currentMonth() + " forged:1");
    CliRun scoped = replay(vertx, "replay", "--verify", "--account", "someone-else");
    assertThat(scoped.exit()).as(scoped.all()).isZero();

    CliRun unconfirmed = replay(vertx, "replay");
    assertThat(unconfirmed.exit()).as(unconfirmed.all()).isEqualTo(Cli.USAGE);
    assertThat(unconfirmed.out()).startsWith("rebuilding PostgreSQL from DATABASE_URL at ");
    assertThat(unconfirmed.err()).contains("--yes");
    assertThat(app.budget(account).getLong("budget")).as("nothing rebuilt without --yes").isEqualTo(999);

    CliRun whileRunning = replay(vertx, "replay", "--yes");
    assertThat(whileRunning.exit()).as(whileRunning.all()).isEqualTo(Cli.REFUSED);
    assertThat(whileRunning.err()).contains("an instance of budget-sync is running on schema " + app.schema());
    assertThat(app.budget(account).getLong("budget")).as("nothing rebuilt under a running instance").isEqualTo(999);

    app.pause();
    CliRun rebuilt;
    try {
      rebuilt = replay(vertx, "replay", "--force");
    } finally {
      app.resume();
    }
    assertThat(rebuilt.exit()).as(rebuilt.all()).isZero();
    assertThat(rebuilt.out()).contains("rebuilt");
    assertThat(app.budget(account).getLong("budget")).isZero();
    assertThat(replay(vertx, "replay", "--verify").exit()).isZero();
  }

  @Test
  void anInstanceCannotStartWhileARebuildHoldsTheSchema(Vertx vertx) {
    String schema = TestDatabase.newSchemaName();
    InstanceLock rebuild = InstanceLock.tryExclusive(vertx, TestDatabase.options(), schema).await();
    try {
      assertThat(rebuild).isNotNull();
      assertThatThrownBy(() -> TestApp.startOn(vertx, schema, new JsonObject()))
          .hasMessageContaining("replay is rebuilding schema " + schema);
    } finally {
      rebuild.release().await();
      TestDatabase.dropSchema(schema);
    }
  }

  @Test
  void filtersWithoutVerifyAreAUsageError(Vertx vertx) {
    assertThat(replay(vertx, "replay", "--account", "x").exit()).isEqualTo(Cli.USAGE);
    assertThat(replay(vertx, "replay", "--verify", "--month", "2026-13").exit()).isEqualTo(Cli.USAGE);
    assertThat(replay(vertx, "replay", "--bogus").exit()).isEqualTo(Cli.USAGE);
  }
}
