package dev.budgetsync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Prints the Markdown summary of one {@code bench/run.sh} run from its results file: the phases,
 * the service instances (time to ready, memory, database check), pgbench, and the targets.
 */
public final class Summary {
  private static final List<String[]> PHASES = List.of(
      new String[] {"a", "(a) group commit, unique events, closed loop"},
      new String[] {"b", "(b) BILLING_BATCH_SIZE=1 baseline, same load"},
      new String[] {"c", "(c) open loop, group commit"},
      new String[] {"d", "(d) duplicates (redelivered acked events)"},
      new String[] {"e", "(e) hot single account, K=1"},
      new String[] {"f1000", "(f) K=1000 accounts"},
      new String[] {"f100000", "(f) K=100000 accounts"},
      new String[] {"h-history", "(h) GET /api/stripe/events?limit=20, first page"},
      new String[] {"h-history-deep", "(h) same, later page (starting_after)"},
      new String[] {"h-ledger", "(h) GET /api/budget/ledger?account&month"},
      new String[] {"h-status", "(h) GET /api/budget?account&month"},
      new String[] {"h-write", "(h) unique events on top of the preloaded table"},
      new String[] {"s-hot", "(s) POST /api/spend, one hot account, C=64"},
      new String[] {"s-spread", "(s) POST /api/spend, K accounts, C=64"},
      new String[] {"r-hot", "(s) reserve + settle cycles, one hot account, C=64"},
      new String[] {"k-check", "(s) GET /api/budget/check, open loop"});
  private static final List<String[]> INSTANCES = List.of(
      new String[] {"gc", "group commit (a, c, d)"},
      new String[] {"b1", "batch size 1 (b)"},
      new String[] {"hot", "hot account (e)"},
      new String[] {"k1000", "K=1000 (f)"},
      new String[] {"k100000", "K=100000 (f)"},
      new String[] {"big", "preloaded events (h), started on the full tables"},
      new String[] {"agents", "agent path (s)"});
  // The terminal is this tool's interface.
  private static final PrintStream OUT = System.out;

  private final Map<String, Map<String, String>> results = new LinkedHashMap<>();

  private Summary(Path file) throws IOException {
    for (String line : Files.readAllLines(file, UTF_8)) {
      String[] parts = line.split("\t", 3);
      if (parts.length == 3) {
        results.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], parts[2]);
      }
    }
  }

  /** {@code Summary results.tsv}, or {@code Summary --compare name=results.tsv name=results.tsv ...}. */
  public static void main(String[] args) throws IOException {
    if (args[0].equals("--compare")) {
      Map<String, Summary> runs = new LinkedHashMap<>();
      for (int i = 1; i < args.length; i++) {
        String[] nameAndFile = args[i].split("=", 2);
        runs.put(nameAndFile[0], new Summary(Path.of(nameAndFile[1])));
      }
      compare(runs);
    } else {
      new Summary(Path.of(args[0])).print();
    }
  }

  /**
   * The jars side by side: acknowledged per second, p99 and CPU per request of each phase, with the
   * ratio of the last jar's rate to the first's (runs of one machine in one session: the ratios are
   * what to compare; on a busy machine, CPU per request moves less than the rates).
   */
  private static void compare(Map<String, Summary> runs) {
    List<String> names = List.copyOf(runs.keySet());
    Summary first = runs.get(names.get(0));
    Summary last = runs.get(names.get(names.size() - 1));
    StringBuilder header = new StringBuilder("| phase |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String name : names) {
      header.append(' ').append(name).append(" /s | ").append(name).append(" p99 ms | ").append(name)
          .append(" CPU ms/req server / PostgreSQL |");
      rule.append("---:|---:|---:|");
    }
    header.append(" ").append(names.get(names.size() - 1)).append(" / ").append(names.get(0)).append(" (/s) |");
    rule.append("---:|");
    OUT.println("### Jars compared\n");
    OUT.println(header);
    OUT.println(rule);
    for (String[] phase : PHASES) {
      if (runs.values().stream().noneMatch(run -> run.results.containsKey(phase[0]))) {
        continue;
      }
      StringBuilder row = new StringBuilder("| " + phase[1] + " |");
      for (String name : names) {
        Map<String, String> m = runs.get(name).results.getOrDefault(phase[0], Map.of());
        row.append(' ').append(num(m, "acked_per_s", 0)).append(" | ").append(num(m, "p99_ms", 1)).append(" | ")
            .append(perRequest(m, "server_cpu_cores")).append(" / ").append(perRequest(m, "db_cpu_cores")).append(" |");
      }
      double ratio = last.value(phase[0], "acked_per_s") / first.value(phase[0], "acked_per_s");
      row.append(Double.isNaN(ratio) ? " - |" : String.format(Locale.ROOT, " %.2f |", ratio));
      OUT.println(row);
    }
    OUT.println();
    for (String name : names) {
      runs.get(name).results.forEach((label, m) -> {
        if (m.containsKey("check")) {
          OUT.printf("- %s, %s: %s%n", name, label, m.get("check"));
        }
      });
    }
  }

  private void print() {
    Map<String, String> run = results.getOrDefault("run", Map.of());
    OUT.println("### Run of " + run.getOrDefault("date", "?") + "\n");
    OUT.println("Parameters: " + run.getOrDefault("params", "?") + "\n");
    OUT.println("| configuration | phase | acked | acked/s | p50 ms | p90 ms | p99 ms | max ms | errors"
        + " | CPU cores: server / PostgreSQL / generator / host | CPU ms per request: server / PostgreSQL |");
    OUT.println("|---|---|---:|---:|---:|---:|---:|---:|---|---|---|");
    for (String[] phase : PHASES) {
      Map<String, String> m = results.get(phase[0]);
      if (m != null) {
        OUT.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s | %s / %s |%n",
            phase[1], m.get("phase"), m.get("acked"), num(m, "acked_per_s", 0), num(m, "p50_ms", 1),
            num(m, "p90_ms", 1), num(m, "p99_ms", 1), num(m, "max_ms", 1), m.get("errors"),
            num(m, "server_cpu_cores", 2), num(m, "db_cpu_cores", 2), num(m, "client_cpu_cores", 2),
            num(m, "host_cpu_cores", 2), perRequest(m, "server_cpu_cores"), perRequest(m, "db_cpu_cores"));
      }
    }
    OUT.println("\n| service instance | ready ms | CPU ms to ready | peak RSS MB (VmHWM) | database check"
        + " | sequential scans (scans/rows read) |");
    OUT.println("|---|---:|---:|---:|---|---|");
    for (String[] instance : INSTANCES) {
      Map<String, String> m = results.get(instance[0]);
      if (m != null) {
        OUT.printf("| %s | %s | %s | %s | %s | %s |%n", instance[1], m.getOrDefault("ready_ms", "-"),
            m.getOrDefault("ready_cpu_ms", "-"), m.containsKey("vmhwm_mb") ? num(m, "vmhwm_mb", 0) : "-",
            m.getOrDefault("check", "-"), m.getOrDefault("seq_scans", "-"));
      }
    }
    Map<String, String> g = results.get("g");
    if (g != null) {
      OUT.println("\n| (g) pgbench, same SQL, -c " + g.get("clients") + " -j 2 -T " + g.get("seconds")
          + " | tps | events/tx | events/s |");
      OUT.println("|---|---:|---:|---:|");
      OUT.printf("| bench/event.sql | %s | 1 | %s |%n", num(g, "tps_1", 0), num(g, "events_per_s_1", 0));
      OUT.printf("| bench/event-batch20.sql | %s | 20 | %s |%n", num(g, "tps_20", 0), num(g, "events_per_s_20", 0));
      OUT.printf("| ratio batch20 / batch1 | | | %s |%n", num(g, "ratio", 2));
      OUT.println("\nSequential scans in the pgbench schema (scans/rows read): " + g.getOrDefault("seq_scans", "-"));
    }
    targets();
  }

  private void targets() {
    OUT.println("\n| target | goal | measured | met |");
    OUT.println("|---|---|---:|---|");
    target("unique events acked/s, C=64 (a)", ">= 4000", value("a", "acked_per_s"), v -> v >= 4000, 0);
    double ratio = value("a", "acked_per_s") / value("b", "acked_per_s");
    target("group commit / batch size 1 (a/b)", ">= 3x", ratio, v -> v >= 3, 2);
    double openErrors = value("c", "error_count");
    double openOk = Double.isNaN(openErrors) || openErrors == 0 ? value("c", "p99_ms") : Double.POSITIVE_INFINITY;
    target("open loop 1000/s p99 (c), no errors", "< 25 ms", openOk, v -> v < 25, 1);
    target("duplicates acked/s (d)", ">= 10000", value("d", "acked_per_s"), v -> v >= 10_000, 0);
    target("server peak RSS, all instances", "< 400 MB", max("vmhwm_mb"), v -> v < 400, 0);
    target("time to ready, all instances", "< 3000 ms", max("ready_ms"), v -> v < 3000, 0);
    target("hot single account acked/s (e)", ">= 2000", value("e", "acked_per_s"), v -> v >= 2000, 0);
    target("spend, one hot account (s-hot)", ">= 3000/s", value("s-hot", "acked_per_s"), v -> v >= 3000, 0);
    target("spend hot / webhooks closed loop (s-hot / a)", ">= 0.9",
        value("s-hot", "acked_per_s") / value("a", "acked_per_s"), v -> v >= 0.9, 2);
    target("reserve + settle cycles, one hot account (r-hot)", ">= 1500/s", value("r-hot", "acked_per_s"),
        v -> v >= 1500, 0);
    double checkErrors = value("k-check", "error_count");
    target("budget check at a fixed rate, p99 (k-check), no errors", "< 5 ms",
        Double.isNaN(checkErrors) || checkErrors == 0 ? value("k-check", "p99_ms") : Double.POSITIVE_INFINITY,
        v -> v < 5, 1);
    double reads = Math.max(value("h-status", "p99_ms"),
        Math.max(value("h-history", "p99_ms"), value("h-history-deep", "p99_ms")));
    target("status and history (both pages) p99 with preloaded events (h)", "< 20 ms", reads,
        v -> v < 20, 1);
    target("ledger page p99 with preloaded events (h), same bar", "< 20 ms", value("h-ledger", "p99_ms"),
        v -> v < 20, 1);
    boolean checks = results.values().stream().filter(m -> m.containsKey("check_ok")).allMatch(
        m -> m.get("check_ok").equals("true"));
    long checked = results.values().stream().filter(m -> m.containsKey("check_ok")).count();
    OUT.printf("| database checks (lost=0 doubled=0 budgets=ok) | all | %d checked | %s |%n", checked,
        checked > 0 && checks ? "yes" : "NO");
  }

  private void target(String name, String goal, double measured, DoublePredicate met, int decimals) {
    boolean known = !Double.isNaN(measured);
    OUT.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", name, goal,
        known ? (Double.isInfinite(measured) ? "errors" : String.format(Locale.ROOT, "%." + decimals + "f", measured))
            : "not run", known ? (met.test(measured) ? "yes" : "NO") : "-");
  }

  private double value(String label, String metric) {
    Map<String, String> m = results.get(label);
    return m == null || !m.containsKey(metric) ? Double.NaN : Double.parseDouble(m.get(metric));
  }

  private double max(String metric) {
    return results.values().stream().filter(m -> m.containsKey(metric))
        .mapToDouble(m -> Double.parseDouble(m.get(metric))).max().orElse(Double.NaN);
  }

  /** CPU milliseconds per answered request: cores x 1000 / (answered per second). */
  private static String perRequest(Map<String, String> m, String coresMetric) {
    String cores = m.get(coresMetric);
    if (cores == null || m.get("answered") == null || m.get("seconds") == null) {
      return "-";
    }
    double perSecond = Double.parseDouble(m.get("answered")) / Double.parseDouble(m.get("seconds"));
    return String.format(Locale.ROOT, "%.2f", Double.parseDouble(cores) * 1000 / perSecond);
  }

  private static String num(Map<String, String> m, String metric, int decimals) {
    String value = m.get(metric);
    if (value == null || value.isBlank()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", Double.parseDouble(value));
  }
}
