package dev.budgetsync.cli;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.money.MoneyFormat;
import dev.budgetsync.money.Months;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * {@code status [--account ID] [--month YYYY-MM] [--url URL]}: asks the running service, with
 * {@code ADMIN_TOKEN}, for one account's month ({@code GET /api/budget}) or every account with activity
 * in the month ({@code GET /api/budget/accounts}), and prints them as a table.
 */
@Command(name = "status", sortOptions = false, description = {
    "Ask the running service (with ADMIN_TOKEN) for budgets and print them as a table: account, month, budget,"
        + " spent, reserved, remaining, utilization, alerts."})
final class StatusCommand implements Callable<Integer> {
  private static final String[] HEADINGS =
      {"ACCOUNT", "MONTH", "BUDGET", "SPENT", "RESERVED", "REMAINING", "UTILIZATION", "ALERTS"};

  @ParentCommand
  private Cli cli;
  @Spec
  private CommandSpec spec;
  @Option(names = "--account", paramLabel = "ID",
      description = "This account only (default: every account with activity in the month).")
  private String account;
  @Option(names = "--month", paramLabel = "YYYY-MM", description = "The month (default: the current UTC month).")
  private String month;
  @Option(names = "--url", paramLabel = "URL", description = "The service (default: http://127.0.0.1:HTTP_PORT).")
  private String url;

  /** A 4xx or 5xx answer, or one that is not what the route answers. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() {
    if (account != null && !AccountSettings.isValidAccount(account)) {
      throw new ParameterException(spec.commandLine(),
          "--account must be 1-64 characters of letters, digits, '_', '-', '.', ':' or '@'");
    }
    if (month != null && Months.parse(month) == null) {
      throw new ParameterException(spec.commandLine(), "--month must be YYYY-MM");
    }
    AppConfig config = cli.config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (config.adminTokenGenerated()) {
      err.println("ADMIN_TOKEN is not set: status needs the token the running service was started with");
      return Cli.USAGE;
    }
    String base = (url != null ? url : "http://127.0.0.1:" + config.httpPort()).replaceAll("/+$", "");
    Client client = new Client(base, config.adminToken());
    try {
      List<JsonObject> rows = account != null
          ? List.of(client.get("/api/budget" + query("account", account, "month", month)))
          : client.allAccounts(month);
      if (rows.isEmpty()) {
        out.println("no account has activity in " + (month == null ? "the current month" : month));
      } else {
        out.print(table(rows));
      }
      return Cli.OK;
    } catch (Refused e) {
      err.println("the service refused: " + e.getMessage());
      return Cli.REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + base + ": " + e);
      return Cli.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.UNREACHABLE;
    }
  }

  private record Client(String base, String token, HttpClient http) {
    Client(String base, String token) {
      this(base, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** Every page of the month's accounts. */
    List<JsonObject> allAccounts(String month) throws IOException, InterruptedException, Refused {
      List<JsonObject> rows = new ArrayList<>();
      String after = null;
      boolean more = true;
      while (more) {
        JsonObject page = get("/api/budget/accounts" + query("month", month, "limit", "100", "starting_after", after));
        JsonArray data = page.getJsonArray("data", new JsonArray());
        data.forEach(item -> rows.add((JsonObject) item));
        more = page.getBoolean("has_more", false) && !data.isEmpty();
        after = more ? rows.get(rows.size() - 1).getString("account") : null;
      }
      return rows;
    }

    JsonObject get(String path) throws IOException, InterruptedException, Refused {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      JsonObject body;
      try {
        body = new JsonObject(response.body());
      } catch (DecodeException | ClassCastException e) {
        throw new Refused("HTTP " + response.statusCode() + " without a JSON answer from " + path);
      }
      if (response.statusCode() != 200) {
        JsonObject error = body.getJsonObject("error", new JsonObject());
        throw new Refused("HTTP " + response.statusCode() + " " + error.getString("type", "") + ": "
            + error.getString("message", ""));
      }
      return body;
    }
  }

  /** {@code ?name=value&...} of the pairs whose value is not null. */
  private static String query(String... pairs) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        query.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], UTF_8));
      }
    }
    return query.toString();
  }

  static String table(List<JsonObject> statuses) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    for (JsonObject s : statuses) {
      String currency = s.getString("currency");
      Double utilization = s.getDouble("utilization");
      JsonArray alerts = s.getJsonArray("alerts", new JsonArray());
      rows.add(new String[] {
          s.getString("account"), s.getString("month"),
          MoneyFormat.display(s.getLong("budget"), currency), MoneyFormat.display(s.getLong("spent"), currency),
          MoneyFormat.display(s.getLong("reserved"), currency), MoneyFormat.display(s.getLong("remaining"), currency),
          utilization == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", utilization * 100),
          alerts.isEmpty() ? "-" : alerts.stream().map(a -> a + "%").collect(Collectors.joining(","))});
    }
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringJoiner line = new StringJoiner("  ");
      for (int i = 0; i < row.length; i++) {
        // Names to the left, numbers to the right, so the amounts line up on their last digit.
        boolean number = i >= 2 && i <= 6;
        line.add(String.format("%" + (number ? "" : "-") + widths[i] + "s", row[i]));
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
