package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself: help for every command, the version, shell completion, configuration errors. */
@ExtendWith(VertxExtension.class)
class CliTest {
  private static final AppConfig CONFIG = AppConfig.from(new JsonObject().put("ADMIN_TOKEN", "cli-test-token-0123"));

  @Test
  void everyCommandHasItsOwnHelpWithTheExitCodes(Vertx vertx) {
    for (String command : new String[] {"serve", "trigger", "status", "replay", "generate-completion"}) {
      CliRun help = CliRun.run(vertx, CONFIG, command, "--help");
      assertThat(help.exit()).as(command + ": " + help.all()).isEqualTo(Cli.OK);
      assertThat(help.out()).as(command).startsWith("Usage: budget-sync " + command)
          .contains("Exit codes:").contains("3   the service or the database could not be reached");
    }
    assertThat(CliRun.run(vertx, CONFIG, "trigger", "--help").out()).contains("--payment-intent=pi_...")
        .contains("refund.failed").contains("charge.dispute.funds_reinstated").contains("warning_needs_response");
    assertThat(CliRun.run(vertx, CONFIG, "replay", "--help").out()).contains("--yes, --force").contains("--verify");
    assertThat(CliRun.run(vertx, CONFIG, "help", "status").out()).startsWith("Usage: budget-sync status");
  }

  @Test
  void theTopLevelHelpListsTheCommands(Vertx vertx) {
    CliRun help = CliRun.run(vertx, CONFIG, "--help");

    assertThat(help.exit()).isEqualTo(Cli.OK);
    assertThat(help.out()).contains("serve").contains("trigger").contains("status").contains("replay")
        .contains("generate-completion").contains("--version");
  }

  @Test
  void versionNamesTheBuildAndTheJava(Vertx vertx) {
    CliRun version = CliRun.run(vertx, CONFIG, "--version");

    assertThat(version.exit()).isEqualTo(Cli.OK);
    assertThat(version.out()).startsWith("budget-sync 0.").doesNotContain("${").contains("Java 17");
    assertThat(CliRun.run(vertx, CONFIG, "trigger", "--version").out()).isEqualTo(version.out());
  }

  @Test
  void completionIsABashScriptThatKnowsTheCommandsAndEventTypes(Vertx vertx) {
    CliRun completion = CliRun.run(vertx, CONFIG, "generate-completion");

    assertThat(completion.exit()).isEqualTo(Cli.OK);
    assertThat(completion.out()).contains("complete -F").contains("budget-sync").contains("trigger")
        .contains("charge.dispute.created").contains("--payment-intent");
  }

  @Test
  void anUnknownCommandOrOptionIsAUsageError(Vertx vertx) {
    CliRun unknown = CliRun.run(vertx, CONFIG, "frobnicate");
    assertThat(unknown.exit()).isEqualTo(Cli.USAGE);
    assertThat(unknown.err()).contains("frobnicate");
    assertThat(CliRun.run(vertx, CONFIG, "status", "--colour").exit()).isEqualTo(Cli.USAGE);
  }

  @Test
  void anInvalidConfigurationIsAUsageErrorNamingTheKey(Vertx vertx) {
    StringWriter err = new StringWriter();
    Cli cli = new Cli(vertx, v -> AppConfig.from(new JsonObject().put("BUDGET_CURRENCY", "euro")), () -> { });
    int exit = cli.commandLine().setErr(new PrintWriter(err, true)).execute("status");

    assertThat(exit).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).contains("configuration BUDGET_CURRENCY");
  }
}
