package dev.budgetsync.bench;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The load generator of {@code bench/run.sh}: runs phases against one running service, prints each
 * phase's figures, appends them to a results file ({@code label TAB metric TAB value}) and, with
 * {@code --check}, holds the database against every acknowledged event.
 *
 * <pre>
 * LoadGenerator --url http://127.0.0.1:8091 --secret whsec_... --token T --pid 1234
 *               --database-url postgresql://postgres@127.0.0.1:5432/postgres --schema bench_x
 *               --instance gc --results results.tsv --check
 *               --phase w:closed:n=3000,c=64,k=100,prefix=warm- --phase a:closed:n=60000,c=64,k=100
 *               --phase c:open:rate=1000,seconds=20,k=100 --phase d:dup:of=a,c=64
 * </pre>
 *
 * <p>Phases are described in {@link Phase}. Also: {@code --cap S} (no new request after S seconds of
 * a closed loop, default 200, inside Stripe's 300 s tolerance), {@code --preload-events} and
 * {@code --preload-accounts} (what {@code bench/preload.sql} loaded, for the read phases).
 */
public final class LoadGenerator {
  private static final String WEBHOOK = "/api/webhooks/stripe";
  private static final String CREDITED = "\"outcome\":\"credited\"";
  private static final String DUPLICATE = "\"outcome\":\"duplicate\"";
  // The terminal and the results file are this tool's interface, so it prints rather than logs.
  private static final PrintStream OUT = System.out;

  private final Map<String, String> args;
  private final HttpLoad http;
  private final long pid;
  private final String database;
  private final Path results;
  private final Map<String, LedgerCheck.Sent> sentByPhase = new HashMap<>();
  private final List<LedgerCheck.Sent> sent = new ArrayList<>();
  private final AgentLoad agents;
  private final Map<String, Integer> spendsByTag = new LinkedHashMap<>();
  private final List<String> settled = new ArrayList<>();

  private LoadGenerator(Map<String, String> args) {
    this.args = args;
    this.http = new HttpLoad(required("url"), 512);
    this.agents = new AgentLoad(http, args.getOrDefault("token", ""));
    this.pid = Long.parseLong(args.getOrDefault("pid", "0"));
    this.database = args.containsKey("database-url")
        ? PgConnectOptions.fromUri(args.get("database-url")).getDatabase() : null;
    this.results = args.containsKey("results") ? Path.of(args.get("results")) : null;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < argv.length; i++) {
      String name = argv[i].replaceFirst("^--", "");
      if (name.equals("check")) {
        args.put("check", "true");
      } else if (name.equals("phase")) {
        phases.add(Phase.parse(argv[++i]));
      } else {
        args.put(name, argv[++i]);
      }
    }
    LoadGenerator generator = new LoadGenerator(args);
    boolean ok;
    try {
      for (Phase phase : phases) {
        generator.run(phase);
      }
      ok = generator.finish();
    } finally {
      generator.http.close();
    }
    System.exit(ok ? 0 : 1);
  }

  private void run(Phase phase) throws IOException, SQLException, InterruptedException {
    int c = phase.intOption("c", 64);
    long cap = Long.parseLong(args.getOrDefault("cap", "200"));
    Recorder recorder;
    String extra = "";
    switch (phase.kind()) {
      case "analyze" -> {
        LedgerCheck.analyze(required("database-url"), required("schema"));
        OUT.printf("[%s] analyzed the tables%n", phase.label());
      }
      case "closed" -> {
        SignedEvents events = presign(phase, phase.intOption("n", 10_000));
        extra = " body=" + events.averageBodyBytes() + "B";
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = http.closed(events.size(), c, cap, i -> webhook(events, i, CREDITED));
          report(phase, recorder, watch, extra);
        }
        remember(phase, events, recorder);
      }
      case "wrk" -> {
        int seconds = phase.intOption("seconds", 20);
        LedgerCheck.Sent original = sentByPhase.get(phase.option("of", ""));
        if (original != null) {
          // Duplicates: the events acknowledged in phase "of", signed again now.
          original.events().sign(required("secret"));
          try (ProcessWatch watch = new ProcessWatch(pid, database)) {
            recorder = WrkLoad.closed(required("url"), original.events(), ackedIndexes(original.acked(),
                Integer.MAX_VALUE), true, c, seconds, "duplicate");
            report(phase, recorder, watch, "");
          }
        } else {
          SignedEvents events = presign(phase, phase.intOption("n", 200_000));
          try (ProcessWatch watch = new ProcessWatch(pid, database)) {
            recorder = WrkLoad.closed(required("url"), events, IntStream.range(0, events.size()).toArray(), false,
                c, seconds, "credited");
            report(phase, recorder, watch, " body=" + events.averageBodyBytes() + "B");
          }
          remember(phase, events, recorder);
        }
      }
      case "open" -> {
        int rate = phase.intOption("rate", 1000);
        int seconds = phase.intOption("seconds", 20);
        SignedEvents events = presign(phase, rate * seconds);
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = http.open(rate, seconds, i -> webhook(events, i, CREDITED));
          extra = String.format(Locale.ROOT, " client_send_lag_max=%.1fms", recorder.maxSendLagMs());
          report(phase, recorder, watch, extra);
        }
        remember(phase, events, recorder);
      }
      case "dup" -> {
        LedgerCheck.Sent original = sentByPhase.get(phase.option("of", ""));
        if (original == null) {
          throw new IllegalArgumentException("dup phase " + phase.label() + " needs of=<an earlier phase>");
        }
        int[] acked = ackedIndexes(original.acked(), phase.intOption("n", Integer.MAX_VALUE));
        original.events().sign(required("secret"));
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = http.closed(acked.length, c, cap, i -> webhook(original.events(), acked[i], DUPLICATE));
          report(phase, recorder, watch, "");
        }
      }
      case "spend" -> {
        int seconds = phase.intOption("seconds", 20);
        String tag = "bench-" + phase.label() + "-" + Long.toHexString(System.nanoTime());
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = WrkLoad.spend(required("url"), required("token"), tag, phase.intOption("k", 1),
              phase.option("prefix", "agent-"), c, seconds);
          report(phase, recorder, watch, "");
        }
        spendsByTag.put(tag, recorder.ackedCount());
      }
      case "reserve" -> {
        String account = phase.option("account", "agent-hot");
        agents.fund(account, "bench-fund-" + account + "-" + Long.toHexString(System.nanoTime()));
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = agents.reserveAndSettle(account, c, phase.intOption("seconds", 20), settled);
          report(phase, recorder, watch, "");
        }
      }
      case "check" -> {
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = agents.check(phase.option("account", "agent-hot"), phase.intOption("rate", 2000),
              phase.intOption("seconds", 20));
          report(phase, recorder, watch, String.format(Locale.ROOT, " client_send_lag_max=%.1fms",
              recorder.maxSendLagMs()));
        }
      }
      default -> {
        String[] paths = readPaths(phase);
        try (ProcessWatch watch = new ProcessWatch(pid, database)) {
          recorder = http.closed(paths.length, c, cap, i -> http.get(paths[i], required("token"), "\""));
          report(phase, recorder, watch, " path=" + paths[0]);
        }
      }
    }
  }

  private SignedEvents presign(Phase phase, int n) {
    long start = System.nanoTime();
    SignedEvents events = SignedEvents.create(n, phase.intOption("k", 100), phase.option("prefix", "bench-"),
        required("secret"));
    OUT.printf(Locale.ROOT, "[%s] pre-signed %d events in %.1f s%n", phase.label(), n,
        (System.nanoTime() - start) / 1e9);
    return events;
  }

  private Future<HttpLoad.Answer> webhook(SignedEvents events, int i, String expect) {
    return http.post(WEBHOOK, events.bodies[i], events.headers[i], expect);
  }

  private void remember(Phase phase, SignedEvents events, Recorder recorder) {
    boolean[] acked = new boolean[events.size()];
    for (int i = 0; i < acked.length; i++) {
      acked[i] = recorder.acked(i);
    }
    LedgerCheck.Sent s = new LedgerCheck.Sent(events, acked);
    sentByPhase.put(phase.label(), s);
    sent.add(s);
  }

  private static int[] ackedIndexes(boolean[] acked, int max) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < acked.length && indexes.size() < max; i++) {
      if (acked[i]) {
        indexes.add(i);
      }
    }
    return indexes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Admin reads over the preloaded rows: accounts {@code pre-0..}, events {@code evt_pre_1..}, last 12 months. */
  private String[] readPaths(Phase phase) {
    int n = phase.intOption("n", 2000);
    int accounts = Integer.parseInt(args.getOrDefault("preload-accounts", "1000"));
    long events = Long.parseLong(args.getOrDefault("preload-events", "1000000"));
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    SplittableRandom random = new SplittableRandom(42);
    String[] paths = new String[n];
    for (int i = 0; i < n; i++) {
      String account = "pre-" + random.nextInt(accounts);
      String month = now.minusMonths(random.nextInt(12)).toString();
      paths[i] = switch (phase.kind()) {
        case "history" -> "/api/stripe/events?limit=20";
        case "history-deep" -> "/api/stripe/events?limit=20&starting_after=evt_pre_" + (events / 2);
        case "ledger" -> "/api/budget/ledger?account=" + account + "&month=" + month;
        default -> "/api/budget?account=" + account + "&month=" + month;
      };
    }
    return paths;
  }

  private void report(Phase phase, Recorder r, ProcessWatch watch, String extra) throws IOException {
    double[] p = r.percentilesMs(0.50, 0.90, 0.99, 1.0);
    OUT.printf(Locale.ROOT, "[%s] %s: acked %d of %d in %.1f s = %.0f/s | latency ms p50 %.2f p90 %.2f p99 %.2f"
            + " max %.2f | errors %s | unexpected_body %d | server RSS peak %.0f MB, VmHWM %.0f MB"
            + " | CPU cores: server %.2f, PostgreSQL %.2f, load generator %.2f, host %.2f%s%n",
        phase.label(), phase.describe(), r.ackedCount(), r.answered(), r.seconds(), r.ackedPerSecond(),
        p[0], p[1], p[2], p[3], r.errorsText(), r.unexpected(), watch.peakRssMb(), watch.hwmMb(), watch.cpuCores(),
        watch.databaseCpuCores(), watch.clientCpuCores(), watch.hostCpuCores(), extra);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("phase", phase.describe());
    metrics.put("acked", r.ackedCount());
    metrics.put("answered", r.answered());
    metrics.put("seconds", r.seconds());
    metrics.put("acked_per_s", r.ackedPerSecond());
    metrics.put("p50_ms", p[0]);
    metrics.put("p90_ms", p[1]);
    metrics.put("p99_ms", p[2]);
    metrics.put("max_ms", p[3]);
    metrics.put("errors", r.errorsText());
    metrics.put("error_count", r.errorCount());
    metrics.put("unexpected_body", r.unexpected());
    metrics.put("rss_peak_mb", watch.peakRssMb());
    metrics.put("vmhwm_mb", watch.hwmMb());
    metrics.put("server_cpu_cores", watch.cpuCores());
    metrics.put("db_cpu_cores", watch.databaseCpuCores());
    metrics.put("client_cpu_cores", watch.clientCpuCores());
    metrics.put("host_cpu_cores", watch.hostCpuCores());
    metrics.put("send_lag_max_ms", r.maxSendLagMs());
    write(phase.label(), metrics);
  }

  /** The instance's figures: the server's peak RSS over its life and, with --check, the database check. */
  private boolean finish() throws Exception {
    String instance = args.getOrDefault("instance", "run");
    Map<String, Object> metrics = new LinkedHashMap<>();
    try (ProcessWatch watch = new ProcessWatch(pid, database)) {
      metrics.put("vmhwm_mb", watch.hwmMb());
    }
    boolean ok = true;
    if (args.containsKey("check")) {
      // Counted before the check, whose own query reads whole tables.
      String scans = LedgerCheck.seqScans(required("database-url"), required("schema"));
      LedgerCheck.Result result = LedgerCheck.run(required("database-url"), required("schema"), sent);
      OUT.printf("[%s] database check: %s%n", instance, result.text());
      OUT.printf("[%s] sequential scans (scans/rows read): %s%n", instance, scans);
      metrics.put("check", result.text());
      metrics.put("check_ok", result.ok());
      metrics.put("seq_scans", scans);
      ok = result.ok();
      LedgerCheck.AgentSent agentSent = new LedgerCheck.AgentSent(spendsByTag, settled);
      if (agentSent.any()) {
        LedgerCheck.AgentResult agentResult = LedgerCheck.runAgent(required("database-url"), required("schema"),
            agentSent);
        OUT.printf("[%s] agent check: %s%n", instance, agentResult.text());
        metrics.put("check", result.text() + " | " + agentResult.text());
        ok = ok && agentResult.ok();
        metrics.put("check_ok", ok);
      }
    }
    write(instance, metrics);
    return ok;
  }

  private void write(String label, Map<String, Object> metrics) throws IOException {
    if (results == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    metrics.forEach((metric, value) -> lines.append(label).append('\t').append(metric).append('\t')
        .append(value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value).append('\n'));
    Files.writeString(results, lines, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private String required(String name) {
    String value = args.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }
}
