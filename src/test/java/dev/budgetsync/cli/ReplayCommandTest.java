package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

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

  private record Run(int exit, String out) {
  }

  private static Run replay(Vertx vertx, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AppConfig config = AppConfig.from(app.config());
    int exit = ReplayCommand.run(args, config, vertx, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8) + err.toString(UTF_8));
  }

  @Test
  void verifyFindsNoDifferenceThenATamperedLedgerIsFoundAndRebuilt(Vertx vertx) throws Exception {
    Run clean = replay(vertx, "replay", "--verify");
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(clean.out()).contains("replayed 11 events and 1 manual entries: 0 difference(s)");

    String account = Events.newId("acct");
    app.query("insert into ledger_entry (account, month, kind, amount, currency, source, money_key) "
        + "values ($1, $2, 'credit', 999, 'usd', 'forged', 'forged:1')", account, TestApp.currentMonth());
    app.query("insert into budget_month (account, month, currency, credited) values ($1, $2, 'usd', 999)",
        account, TestApp.currentMonth());

    Run tampered = replay(vertx, "replay", "--verify");
    assertThat(tampered.exit()).isEqualTo(1);
    assertThat(tampered.out()).contains("budget " + account + " " + TestApp.currentMonth() + " ")
        .contains("money " + account + " " + TestApp.currentMonth() + " forged:1");
    Run scoped = replay(vertx, "replay", "--verify", "--account", "someone-else");
    assertThat(scoped.exit()).as(scoped.out()).isZero();

    Run rebuilt = replay(vertx, "replay");
    assertThat(rebuilt.exit()).isZero();
    assertThat(rebuilt.out()).contains("rebuilt");
    assertThat(app.budget(account).getLong("budget")).isZero();
    assertThat(replay(vertx, "replay", "--verify").exit()).isZero();
  }

  @Test
  void filtersWithoutVerifyAreAUsageError(Vertx vertx) throws Exception {
    assertThat(replay(vertx, "replay", "--account", "x").exit()).isEqualTo(Cli.USAGE);
    assertThat(replay(vertx, "replay", "--bogus").exit()).isEqualTo(Cli.USAGE);
  }
}
