package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code trigger}: a signed sample event, as Stripe would send it, to the running service. */
@ExtendWith(VertxExtension.class)
class TriggerCommandTest {
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

  private static CliRun trigger(String... args) {
    return CliRun.run(vertx, AppConfig.from(app.config()), args);
  }

  @Test
  void aTriggeredCheckoutIsCreditedAndTheSamePayloadAgainIsADuplicate(@TempDir Path dir) {
    String account = Events.newId("acct");
    String saved = dir.resolve("event.json").toString();

    CliRun first = trigger("trigger", "checkout.session.completed", "--amount", "5000", "--account", account,
        "--save", saved);
    CliRun again = trigger("trigger", "checkout.session.completed", "--payload", saved);

    assertThat(first.exit()).as(first.all()).isEqualTo(Cli.OK);
    assertThat(first.out()).contains("[200]").contains("\"outcome\":\"credited\"");
    assertThat(again.exit()).isEqualTo(Cli.OK);
    assertThat(again.out()).contains("\"outcome\":\"duplicate\"");
    assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);
  }

  @Test
  void everySampleTypeIsSignedAcceptedAndMappedByTheEventsTheServiceHandles() {
    for (String type : SampleEvents.TYPES) {
      CliRun run = trigger("trigger", type, "--account", Events.newId("acct"));
      assertThat(run.exit()).as(type + ": " + run.all()).isEqualTo(Cli.OK);
      if (EventMapper.SUPPORTED_EVENTS.contains(type)) {
        assertThat(run.out()).as(type).doesNotContain("\"outcome\":\"failed\"").doesNotContain("\"outcome\":\"ignored\"");
      }
    }
  }

  @Test
  void aRefundNamingAnEarlierPaymentTakesMoneyFromThatPaymentsAccount() {
    String account = Events.newId("acct");
    String paymentIntent = Events.newId("pi");

    CliRun paid = trigger("trigger", "checkout.session.completed", "--account", account, "--amount", "5000",
        "--payment-intent", paymentIntent);
    CliRun refunded = trigger("trigger", "refund.created", "--payment-intent", paymentIntent, "--amount", "1500");

    assertThat(paid.exit()).as(paid.all()).isEqualTo(Cli.OK);
    assertThat(refunded.out()).as(refunded.all()).contains("\"outcome\":\"debited\"");
    assertThat(app.budget(account).getLong("budget")).isEqualTo(3500);
  }

  @Test
  void samplesCarryTheGivenIdsAndStatusInStripesShapes(@TempDir Path dir) throws Exception {
    Path saved = dir.resolve("dispute.json");
    CliRun inquiry = trigger("trigger", "charge.dispute.created", "--status", "warning_needs_response",
        "--charge", "ch_given", "--payment-intent", "pi_given", "--save", saved.toString());

    assertThat(inquiry.exit()).as(inquiry.all()).isEqualTo(Cli.OK);
    JsonObject event = new JsonObject(Files.readString(saved));
    JsonObject dispute = event.getJsonObject("data").getJsonObject("object");
    assertThat(event.getString("api_version")).isEqualTo(SampleEvents.API_VERSION);
    assertThat(dispute.getString("object")).isEqualTo("dispute");
    assertThat(dispute.getString("id")).startsWith("du_");
    assertThat(dispute.getString("status")).isEqualTo("warning_needs_response");
    assertThat(dispute.getString("charge")).isEqualTo("ch_given");
    assertThat(dispute.getString("payment_intent")).isEqualTo("pi_given");

    JsonObject paid = SampleEvents.build("invoice_payment.paid",
        new SampleEvents.Sample(700, "usd", "a", "pi_x", null, null), 1_764_000_000L);
    JsonObject payment = paid.getJsonObject("data").getJsonObject("object");
    assertThat(payment.getString("object")).isEqualTo("invoice_payment");
    assertThat(payment.getJsonObject("payment").getString("payment_intent")).isEqualTo("pi_x");
    assertThat(payment.getString("invoice")).startsWith("in_");
    JsonObject failed = SampleEvents.build("refund.failed", new SampleEvents.Sample(700, "usd", "a", null, null, null),
        1_764_000_000L).getJsonObject("data").getJsonObject("object");
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("failure_reason")).isNotBlank();
  }

  /** A breaker's case: --amount -5 exited 0 and stored a failed event. */
  @Test
  void aNegativeOrZeroAmountIsRefusedBeforeAnythingIsSent() {
    long events = app.count("select count(*) from stripe_event");

    CliRun negative = trigger("trigger", "checkout.session.completed", "--amount", "-5");
    CliRun zero = trigger("trigger", "invoice.paid", "--amount", "0");

    assertThat(negative.exit()).isEqualTo(Cli.USAGE);
    assertThat(negative.err()).contains("--amount must be a positive whole number of the currency's smallest unit,"
        + " not -5; nothing was sent");
    assertThat(zero.exit()).isEqualTo(Cli.USAGE);
    assertThat(app.count("select count(*) from stripe_event")).isEqualTo(events);
  }

  @Test
  void mistakesHaveExitCodesScriptsCanRelyOn() {
    assertThat(trigger("trigger").exit()).isEqualTo(Cli.USAGE);
    CliRun unknown = trigger("trigger", "no.such.event");
    assertThat(unknown.exit()).isEqualTo(Cli.USAGE);
    assertThat(unknown.err()).contains("unknown event type: no.such.event");
    assertThat(trigger("trigger", "invoice.paid", "--amount", "lots").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "refund.created", "--status", "won").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "charge.dispute.created", "--status", "succeeded").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "invoice.paid", "--status", "paid").exit()).isEqualTo(Cli.USAGE);
    assertThat(trigger("trigger", "invoice.paid", "--url", "http://127.0.0.1:1/api/webhooks/stripe").exit())
        .isEqualTo(Cli.UNREACHABLE);
  }
}
