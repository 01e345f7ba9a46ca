package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code trigger}: a signed sample event, as Stripe would send it, to the running service. */
@ExtendWith(VertxExtension.class)
class TriggerCommandTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private record Run(int exit, String out) {
  }

  private static Run trigger(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AppConfig config = AppConfig.from(app.config());
    int exit = TriggerCommand.run(args, config, new PrintStream(out, true, UTF_8), new PrintStream(out, true, UTF_8));
    return new Run(exit, out.toString(UTF_8));
  }

  @Test
  void aTriggeredCheckoutIsCreditedAndTheSamePayloadAgainIsADuplicate(@TempDir Path dir) {
    String account = Events.newId("acct");
    String saved = dir.resolve("event.json").toString();

    Run first = trigger("trigger", "checkout.session.completed", "--amount", "5000", "--account", account,
        "--save", saved);
    Run again = trigger("trigger", "checkout.session.completed", "--payload", saved);

    assertThat(first.exit()).as(first.out()).isEqualTo(Cli.OK);
    assertThat(first.out()).contains("[200]").contains("\"outcome\":\"credited\"");
    assertThat(again.exit()).isEqualTo(Cli.OK);
    assertThat(again.out()).contains("\"outcome\":\"duplicate\"");
    assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);
  }

  @Test
  void everySampleTypeIsAcceptedBySignatureAndMapping() {
    for (String type : SampleEvents.TYPES) {
      Run run = trigger("trigger", type, "--account", Events.newId("acct"));
      assertThat(run.exit()).as(type + ": " + run.out()).isEqualTo(Cli.OK);
      assertThat(run.out()).doesNotContain("\"outcome\":\"failed\"").doesNotContain("\"outcome\":\"ignored\"");
    }
  }

  @Test
  void mistakesHaveExitCodesScriptsCanRelyOn() {
    assertThat(trigger("trigger").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "no.such.event").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "invoice.paid", "--amount", "lots").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "invoice.paid", "--url", "http://127.0.0.1:1/api/webhooks/stripe").exit())
        .isEqualTo(Cli.UNREACHABLE);
  }
}
