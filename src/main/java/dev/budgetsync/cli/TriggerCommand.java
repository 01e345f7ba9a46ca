package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.stripe.StripeSigner;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/** {@code trigger <event-type>}: signs a sample event with the configured secret, exactly as Stripe does, and posts it. */
final class TriggerCommand {
  private TriggerCommand() {
  }

  private static byte[] sample(String type, long amount, Options options, AppConfig config, long now) {
    JsonObject event = SampleEvents.build(type, amount, options.get("currency", config.budgetCurrency()),
        options.get("account", config.defaultAccount()), now);
    return event == null ? null : event.encode().getBytes(UTF_8);
  }

  static int run(String[] args, AppConfig config, PrintStream out, PrintStream err) {
    Options options = args.length < 2 ? null
        : Options.parse(args, 2, Set.of("amount", "currency", "account", "url", "save", "payload"), Set.of());
    if (options == null || args[1].startsWith("--")) {
      err.print("usage: trigger <event-type> [--amount N] [--currency CODE] [--account ID] [--url URL]"
          + " [--save FILE] [--payload FILE]\n\n" + Cli.HELP);
      return Cli.USAGE;
    }
    if (!config.webhookConfigured()) {
      err.println("STRIPE_WEBHOOK_SECRET is not set: nothing to sign with");
      return Cli.USAGE;
    }
    long amount;
    try {
      amount = Long.parseLong(options.get("amount", "5000"));
    } catch (NumberFormatException e) {
      err.println("--amount must be a whole number");
      return Cli.USAGE;
    }
    long now = System.currentTimeMillis() / 1000;
    byte[] body;
    try {
      body = options.has("payload") ? Files.readAllBytes(Path.of(options.get("payload", null)))
          : sample(args[1], amount, options, config, now);
      if (body == null) {
        err.print("unknown event type: " + args[1] + "\n\n" + Cli.HELP);
        return Cli.USAGE;
      }
      if (options.has("save")) {
        Files.write(Path.of(options.get("save", null)), body);
      }
    } catch (IOException e) {
      err.println("could not read or write the payload file: " + e.getMessage());
      return Cli.USAGE;
    }
    String url = options.get("url", "http://127.0.0.1:" + config.httpPort() + "/api/webhooks/stripe");
    String signature = new StripeSigner(config.webhookSecrets().get(0)).header(now, body);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Stripe-Signature", signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      out.println("-> " + args[1] + " [" + response.statusCode() + "] " + response.body());
      return response.statusCode() / 100 == 2 ? Cli.OK : Cli.REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + url + ": " + e.getMessage());
      return Cli.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.UNREACHABLE;
    }
  }
}
