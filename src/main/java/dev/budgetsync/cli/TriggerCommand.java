package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.stripe.StripeSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import static java.nio.charset.StandardCharsets.UTF_8;

/** {@code trigger <event-type>}: signs a sample event with the configured secret, exactly as Stripe does, and posts it. */
@Command(name = "trigger", sortOptions = false,
    description = {"Sign a realistic sample Stripe event with the first secret of STRIPE_WEBHOOK_SECRET, as Stripe"
        + " does, and post it to the running service. Like `stripe trigger`, without a Stripe account.",
        "To refund or dispute a triggered payment, give the refund or dispute the payment's ids:",
        "  trigger checkout.session.completed --payment-intent pi_1 --amount 5000",
        "  trigger refund.created --payment-intent pi_1 --amount 1500"},
    footerHeading = "%nEvent types:%n", footer = SampleEvents.TYPE_LINES)
final class TriggerCommand implements Callable<Integer> {
  @ParentCommand
  private Cli cli;
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<event-type>", completionCandidates = SampleEvents.Types.class,
      description = "The event type, one of those listed below.")
  private String type;
  @Option(names = "--amount", paramLabel = "N", defaultValue = "5000",
      description = "Amount in the currency's smallest unit, 1 or more (default: ${DEFAULT-VALUE}).")
  private long amount;
  @Option(names = "--currency", paramLabel = "CODE", description = "Lower-case ISO code (default: BUDGET_CURRENCY).")
  private String currency;
  @Option(names = "--account", paramLabel = "ID", description = "The account (default: DEFAULT_ACCOUNT).")
  private String account;
  @Option(names = "--payment-intent", paramLabel = "pi_...",
      description = "The PaymentIntent of the payment: an earlier one to refund or dispute it (default: a new id).")
  private String paymentIntent;
  @Option(names = "--charge", paramLabel = "ch_...", description = "The charge of a refund or dispute (default: a new id).")
  private String charge;
  @Option(names = "--status", paramLabel = "STATUS", description = {
      "Status of a refund (pending, succeeded, failed, canceled, requires_action) or dispute (needs_response,"
          + " under_review, won, lost, prevented, or an inquiry: warning_needs_response, warning_under_review,"
          + " warning_closed). Default: the event's usual one."})
  private String status;
  @Option(names = "--url", paramLabel = "URL",
      description = "The webhook (default: http://127.0.0.1:HTTP_PORT/api/webhooks/stripe).")
  private String url;
  @Option(names = "--save", paramLabel = "FILE", description = "Also write the exact payload sent to FILE.")
  private Path save;
  @Option(names = "--payload", paramLabel = "FILE",
      description = "Send FILE's bytes, freshly signed, instead of a new sample (the event type is then a label;"
          + " a resent event is answered duplicate).")
  private Path payload;

  @Override
  public Integer call() throws IOException {
    validate();
    AppConfig config = cli.config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!config.webhookConfigured()) {
      err.println("STRIPE_WEBHOOK_SECRET is not set: nothing to sign with");
      return Cli.USAGE;
    }
    long now = System.currentTimeMillis() / 1000;
    byte[] body;
    try {
      body = payload != null ? Files.readAllBytes(payload) : sample(config, now);
      if (save != null) {
        Files.write(save, body);
      }
    } catch (IOException e) {
      err.println("could not read or write the payload file: " + e.getMessage());
      return Cli.USAGE;
    }
    String target = url != null ? url : "http://127.0.0.1:" + config.httpPort() + "/api/webhooks/stripe";
    String signature = new StripeSigner(config.webhookSecrets().get(0)).header(now, body);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Stripe-Signature", signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      out.println("-> " + type + " [" + response.statusCode() + "] " + response.body());
      return response.statusCode() / 100 == 2 ? Cli.OK : Cli.REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + target + ": " + e.getMessage());
      return Cli.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.UNREACHABLE;
    }
  }

  /** Mistakes in the command line are usage errors (exit 2), reported before anything is sent. */
  private void validate() {
    if (payload == null && !SampleEvents.TYPES.contains(type)) {
      throw new ParameterException(spec.commandLine(), "unknown event type: " + type + " (one of "
          + String.join(", ", SampleEvents.TYPES) + ")");
    }
    if (payload == null && amount <= 0) {
      throw new ParameterException(spec.commandLine(), "--amount must be a positive whole number of the currency's"
          + " smallest unit, not " + amount + "; nothing was sent");
    }
    if (status != null && type.startsWith("refund.") && !SampleRefunds.REFUND_STATUSES.contains(status)) {
      throw new ParameterException(spec.commandLine(), "--status of a refund must be one of "
          + SampleRefunds.REFUND_STATUSES);
    }
    if (status != null && type.startsWith("charge.dispute.") && !SampleRefunds.DISPUTE_STATUSES.contains(status)) {
      throw new ParameterException(spec.commandLine(), "--status of a dispute must be one of "
          + SampleRefunds.DISPUTE_STATUSES);
    }
    if (status != null && !type.startsWith("refund.") && !type.startsWith("charge.dispute.")) {
      throw new ParameterException(spec.commandLine(), "--status applies to refund.* and charge.dispute.* events");
    }
  }

  private byte[] sample(AppConfig config, long now) {
    SampleEvents.Sample sample = new SampleEvents.Sample(amount, currency != null ? currency : config.budgetCurrency(),
        account != null ? account : config.defaultAccount(), paymentIntent, charge, status);
    return SampleEvents.build(type, sample, now).encode().getBytes(UTF_8);
  }
}
