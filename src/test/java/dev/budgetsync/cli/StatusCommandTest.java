package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status}: budgets as a table, asked of the running service over HTTP with the admin token. */
@ExtendWith(VertxExtension.class)
class StatusCommandTest {
  private static TestApp app;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static CliRun status(JsonObject configChanges, String... args) {
    return CliRun.run(vertx, AppConfig.from(app.config().mergeIn(configChanges)), args);
  }

  private static CliRun status(String... args) {
    return status(new JsonObject(), args);
  }

  private static void fund(String account, long amount, long spend) {
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", amount), null);
    if (spend > 0) {
      app.postJson("/api/spend", new JsonObject().put("account", account).put("agent", "CLI").put("amount", spend), null);
    }
  }

  @Test
  void oneAccountIsATableWithFormattedAmounts() {
    String account = Events.newId("acct");
    fund(account, 5000, 4000);

    CliRun run = status("status", "--account", account);

    assertThat(run.exit()).as(run.err()).isEqualTo(Cli.OK);
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("ACCOUNT").contains("BUDGET", "SPENT", "RESERVED", "REMAINING", "UTILIZATION",
        "ALERTS");
    assertThat(lines.get(1).split(" +")).containsExactly(account, TestApp.currentMonth(), "$50.00", "$40.00", "$0.00",
        "$10.00", "80.0%", "50%,80%");
    // Amounts are right-aligned under their heading.
    assertThat(lines.get(1).indexOf("$50.00") + "$50.00".length())
        .isEqualTo(lines.get(0).indexOf("BUDGET") + "BUDGET".length());
  }

  @Test
  void withoutAnAccountItListsEveryAccountWithActivityInTheMonth() {
    List<String> accounts = List.of(Events.newId("acct"), Events.newId("acct"), Events.newId("acct"));
    accounts.forEach(account -> fund(account, 2500, 0));

    CliRun run = status("status");
    CliRun past = status("status", "--month", "2001-01");

    assertThat(run.exit()).as(run.err()).isEqualTo(Cli.OK);
    for (String account : accounts) {
      assertThat(run.out()).containsPattern(account + " +" + TestApp.currentMonth() + " +\\$25\\.00 +\\$0\\.00");
    }
    assertThat(past.exit()).isEqualTo(Cli.OK);
    assertThat(past.out()).isEqualTo("no account has activity in 2001-01\n");
  }

  @Test
  void mistakesHaveTheCliExitCodes() {
    CliRun wrongToken = status(new JsonObject().put("ADMIN_TOKEN", "not-the-token"), "status");
    assertThat(wrongToken.exit()).isEqualTo(Cli.REFUSED);
    assertThat(wrongToken.err()).contains("401").contains("unauthorized");

    assertThat(status("status", "--month", "2026-13").exit()).isEqualTo(Cli.USAGE);
    assertThat(status("status", "--account", "no spaces").exit()).isEqualTo(Cli.USAGE);
    assertThat(status("status", "--colour").exit()).isEqualTo(Cli.USAGE);
    assertThat(status(new JsonObject().put("ADMIN_TOKEN", ""), "status").exit()).isEqualTo(Cli.USAGE);
    assertThat(status("status", "--url", "http://127.0.0.1:1").exit()).isEqualTo(Cli.UNREACHABLE);
  }

  @Test
  void helpDocumentsTheCommand() {
    CliRun help = status("status", "--help");

    assertThat(help.exit()).isEqualTo(Cli.OK);
    assertThat(help.out()).startsWith("Usage: budget-sync status").contains("--account=ID").contains("--url=URL")
        .contains("utilization");
  }
}
