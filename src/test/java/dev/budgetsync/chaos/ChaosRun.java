package dev.budgetsync.chaos;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A steady stream of signed webhooks from a Stripe-like sender while a fault strikes the running
 * service or its database several times; then a check of every event against the database.
 * Run by CrashRecoveryTest in the normal suite, and from bench/chaos.sh (which also restarts
 * PostgreSQL, something a unit test on a shared server should not do).
 */
public final class ChaosRun {
  private static final String SECRET = "whsec_chaos";

  /** What strikes, each time. */
  public enum Fault { KILL_SERVICE, TERMINATE_SERVICE, RESTART_POSTGRES }

  /** The figures of one run: nothing lost and nothing doubled is the pass. */
  public record Report(Fault fault, int faults, int sent, int acknowledged, long stored, long inLedger, long lost,
                       long doubled, boolean budgetsMatch, long attempts, long retries, Duration took) {
    public boolean passed() {
      return acknowledged == sent && lost == 0 && doubled == 0 && budgetsMatch && stored == sent && inLedger == sent;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s x%d: sent %d, acknowledged %d, stored %d, in ledger %d, lost %d, "
              + "doubled %d, budgets %s; %d attempts (%d retries) in %.1f s", fault, faults, sent, acknowledged,
          stored, inLedger, lost, doubled, budgetsMatch ? "match" : "DIFFER", attempts, retries,
          took.toMillis() / 1000.0);
    }
  }

  private ChaosRun() {
  }

  public static Report run(Fault fault, int events, int faults, Path log) throws Exception {
    String schema = TestDatabase.newSchemaName();
    int port = freePort();
    Map<String, String> env = Map.of(
        "HTTP_PORT", String.valueOf(port), "DATABASE_URL", TestDatabase.url(), "DATABASE_SCHEMA", schema,
        "STRIPE_WEBHOOK_SECRET", SECRET, "ADMIN_TOKEN", "chaos-admin-token-0001", "BILLING_TIMEOUT_MS", "3000");
    Random random = new Random(events * 31L + faults);
    List<String> payloads = new ArrayList<>();
    Map<String, Long> expected = new HashMap<>();
    for (int i = 0; i < events; i++) {
      String account = "chaos-" + random.nextInt(7);
      long amount = 100 + random.nextInt(9_900);
      payloads.add(Events.wrap("checkout.session.completed", Events.paidSession(amount, "usd", account)).encode());
      expected.merge(account, amount, Long::sum);
    }
    ServiceProcess service = new ServiceProcess(env, port, log);
    long started = System.nanoTime();
    service.start();
    StripeLikeSender sender = new StripeLikeSender(port, SECRET);
    Thread stream = new Thread(() -> {
      try {
        sender.deliverAll(payloads, 8, Duration.ofMinutes(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "stripe-like-sender");
    stream.start();
    try {
      for (int strike = 1; strike <= faults; strike++) {
        int due = strike * events / (faults + 1);
        while (sender.done.get() < due && stream.isAlive()) {
          Thread.sleep(20);
        }
        strike(fault, service);
      }
      stream.join(Duration.ofMinutes(6).toMillis());
      Report report = check(fault, faults, schema, payloads.size(), sender, expected, Duration.ofNanos(System.nanoTime() - started));
      service.terminate();
      return report;
    } finally {
      TestDatabase.dropSchema(schema);
    }
  }

  private static void strike(Fault fault, ServiceProcess service) throws Exception {
    switch (fault) {
      case KILL_SERVICE -> {
        service.kill();
        service.start();
      }
      case TERMINATE_SERVICE -> {
        service.terminate();
        service.start();
      }
      case RESTART_POSTGRES -> {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
          version = versions.findFirst().orElseThrow().getFileName().toString();
        }
        Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart",
            "-m", "immediate").inheritIO().start();
        if (restart.waitFor() != 0) {
          throw new IllegalStateException("pg_ctlcluster restart failed");
        }
      }
    }
  }

  private static Report check(Fault fault, int faults, String schema, int sent, StripeLikeSender sender,
                              Map<String, Long> expected, Duration took) throws SQLException {
    PgConnectOptions o = TestDatabase.options();
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection conn = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword());
         Statement st = conn.createStatement()) {
      Map<String, Long> entriesPerEvent = new HashMap<>();
      try (ResultSet rs = st.executeQuery("select e.id, count(l.id) from " + schema + ".stripe_event e left join "
          + schema + ".ledger_entry l on l.event_id = e.id group by e.id")) {
        while (rs.next()) {
          entriesPerEvent.put(rs.getString(1), rs.getLong(2));
        }
      }
      long lost = sender.acknowledged.keySet().stream()
          .filter(id -> entriesPerEvent.getOrDefault(id, 0L) == 0).count();
      long doubled = entriesPerEvent.values().stream().filter(n -> n > 1).count();
      long inLedger = entriesPerEvent.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Long> budgets = new HashMap<>();
      try (ResultSet rs = st.executeQuery("select account, credited - debited from " + schema + ".budget_month")) {
        while (rs.next()) {
          budgets.put(rs.getString(1), rs.getLong(2));
        }
      }
      return new Report(fault, faults, sent, sender.acknowledged.size(), entriesPerEvent.size(), inLedger, lost,
          doubled, budgets.equals(expected), sender.attempts.get(), sender.retries.get(), took);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** {@code ChaosRun KILL_SERVICE|TERMINATE_SERVICE|RESTART_POSTGRES [events] [faults]}; exit 1 unless it passed. */
  public static void main(String[] args) throws Exception {
    Fault fault = Fault.valueOf(args[0]);
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int faults = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path log = Files.createTempFile("chaos-" + fault.name().toLowerCase(Locale.ROOT), ".log");
    Report report = run(fault, events, faults, log);
    System.out.println(report + " (service log: " + log + ")");
    System.exit(report.passed() ? 0 : 1);
  }
}
