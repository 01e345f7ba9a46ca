package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.ConfigLoader;
import dev.budgetsync.stripe.StripeSigner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Commands in the jar, in the style of the Stripe CLI. Exit codes: 0 done, 1 the service refused,
 * 2 usage or configuration error, 3 the service could not be reached.
 */
public final class Cli {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  private static final String HELP = """
      Usage: java -jar budget-sync.jar [command]

      Commands:
        serve                 start the service (the default)
        trigger <event-type>  sign a sample Stripe event with the configured secret and post it
            --amount N        amount in the currency's smallest unit (default 5000)
            --currency CODE   lower-case ISO code (default BUDGET_CURRENCY)
            --account ID      account to credit (default DEFAULT_ACCOUNT)
            --url URL         webhook URL (default http://127.0.0.1:HTTP_PORT/api/webhooks/stripe)
        help                  this text

      Event types for trigger:
      """ + String.join("\n", SampleEvents.TYPES.stream().map(t -> "  " + t).toList()) + "\n";

  private Cli() {
  }

  /** Runs a command with the configuration of conf/config.json and the environment; returns the exit code. */
  public static int run(String[] args) {
    // The terminal is this command's interface, so it prints there rather than to the log.
    PrintStream out = System.out;
    PrintStream err = System.err;
    String command = args[0];
    if (command.equals("help") || command.equals("--help") || command.equals("-h")) {
      out.print(HELP);
      return OK;
    }
    if (!command.equals("trigger")) {
      err.println("unknown command: " + command + "\n");
      err.print(HELP);
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = ConfigLoader.load(vertx, new JsonObject()).await();
      return trigger(args, config, out, err);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE;
    } finally {
      vertx.close();
    }
  }

  static int trigger(String[] args, AppConfig config, PrintStream out, PrintStream err) {
    if (args.length < 2 || args[1].startsWith("--")) {
      err.print("trigger needs an event type\n\n" + HELP);
      return USAGE;
    }
    Map<String, String> options = options(args, 2);
    if (options == null) {
      err.print(HELP);
      return USAGE;
    }
    if (!config.webhookConfigured()) {
      err.println("STRIPE_WEBHOOK_SECRET is not set: nothing to sign with");
      return USAGE;
    }
    long amount;
    try {
      amount = Long.parseLong(options.getOrDefault("amount", "5000"));
    } catch (NumberFormatException e) {
      err.println("--amount must be a whole number");
      return USAGE;
    }
    JsonObject event = SampleEvents.build(args[1], amount, options.getOrDefault("currency", config.budgetCurrency()),
        options.getOrDefault("account", config.defaultAccount()), System.currentTimeMillis() / 1000);
    if (event == null) {
      err.println("unknown event type: " + args[1] + "\n");
      err.print(HELP);
      return USAGE;
    }
    String url = options.getOrDefault("url", "http://127.0.0.1:" + config.httpPort() + "/api/webhooks/stripe");
    byte[] body = event.encode().getBytes(UTF_8);
    String signature = new StripeSigner(config.webhookSecrets().get(0)).header(System.currentTimeMillis() / 1000, body);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json; charset=utf-8")
              .header("Stripe-Signature", signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      out.println("-> " + args[1] + " " + event.getString("id") + " [" + response.statusCode() + "] " + response.body());
      return response.statusCode() / 100 == 2 ? OK : REFUSED;
    } catch (IOException e) {
      err.println("could not reach " + url + ": " + e);
      return UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNREACHABLE;
    }
  }

  /** {@code --name value} pairs from {@code start}; null on a malformed list. */
  private static Map<String, String> options(String[] args, int start) {
    Map<String, String> options = new HashMap<>();
    for (int i = start; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        return null;
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
