package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;

/**
 * Commands in the jar, in the style of the Stripe CLI. Exit codes: 0 done, 1 the service refused
 * or a verification found differences, 2 usage or configuration error, 3 the service or the
 * database could not be reached.
 */
public final class Cli {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;

  static final String HELP = """
      Usage: java -jar budget-sync.jar [command]

      Commands:
        serve                 start the service (the default)
        trigger <event-type>  sign a sample Stripe event with the configured secret and post it
            --amount N        amount in the currency's smallest unit (default 5000)
            --currency CODE   lower-case ISO code (default BUDGET_CURRENCY)
            --account ID      account to credit (default DEFAULT_ACCOUNT)
            --url URL         webhook URL (default http://127.0.0.1:HTTP_PORT/api/webhooks/stripe)
            --save FILE       also write the exact payload sent to FILE
            --payload FILE    send FILE's bytes instead of a new sample (e.g. to resend an event)
        replay                rebuild ledger and budgets from the stored events and manual entries
            --verify          only compare with what is stored; exit 1 on any difference
            --account ID      with --verify: compare this account only
            --month YYYY-MM   with --verify: compare this month only
        status                ask the running service for budgets and print them as a table
                              (account, month, budget, spent, reserved, remaining, utilization, alerts)
            --account ID      this account only (default: every account with activity in the month)
            --month YYYY-MM   the month (default: the current UTC month)
            --url URL         the service (default http://127.0.0.1:HTTP_PORT); sends ADMIN_TOKEN
        notify test           send a signed test notification to every NOTIFY_URLS destination
                              and print each answer
        help                  this text

      Exit codes: 0 done, 1 refused or differences found, 2 usage or configuration error,
      3 service or database unreachable.

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
    boolean notifyTest = command.equals("notify") && args.length == 2 && args[1].equals("test");
    if (!command.equals("trigger") && !command.equals("replay") && !command.equals("status") && !notifyTest) {
      err.print("unknown command: " + command + "\n\n" + HELP);
      return USAGE;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = ConfigLoader.load(vertx, new JsonObject()).await();
      return switch (command) {
        case "trigger" -> TriggerCommand.run(args, config, out, err);
        case "status" -> StatusCommand.run(args, config, out, err);
        case "notify" -> NotifyTestCommand.run(config, vertx, out, err);
        default -> ReplayCommand.run(args, config, vertx, out, err);
      };
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return USAGE;
    } catch (Exception e) {
      err.println(command + " failed: " + e.getMessage());
      return UNREACHABLE;
    } finally {
      vertx.close().await();
    }
  }
}
