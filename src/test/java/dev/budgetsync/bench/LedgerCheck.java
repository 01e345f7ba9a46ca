package dev.budgetsync.bench;

import io.vertx.pgclient.PgConnectOptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's direct look at the database (JDBC). {@link #run} holds the service's tables
 * against what the load generator saw: every acknowledged event stored once with exactly one
 * ledger entry, and every budget equal to the sum of the amounts of the events stored for it.
 * Preloaded rows ({@code evt_pre_*}, {@code pre-*}) are left out. Beside it: ANALYZE, and the
 * count of sequential scans, which shows a plan that reads whole tables.
 */
final class LedgerCheck {
  /** Every sent event, with whether any of its deliveries was answered 200. */
  record Sent(SignedEvents events, boolean[] acked) {
  }

  record Result(int acked, int stored, int lost, int doubled, int storedUnacked, int wrongOutcome, int accounts,
                int budgetMismatches) {
    boolean ok() {
      return lost == 0 && doubled == 0 && wrongOutcome == 0 && budgetMismatches == 0;
    }

    String text() {
      return "acked=" + acked + " stored=" + stored + " lost=" + lost + " doubled=" + doubled
          + " stored_unacked=" + storedUnacked + " wrong_outcome=" + wrongOutcome
          + " budgets=" + (budgetMismatches == 0 ? "ok" : budgetMismatches + "_mismatched") + " accounts=" + accounts;
    }
  }

  private static final String EVENTS = """
      select e.id, e.outcome, count(l.id) as entries
      from stripe_event e left join ledger_entry l on l.event_id = e.id
      where e.id not like 'evt\\_pre\\_%'
      group by e.id, e.outcome""";
  private static final String BUDGETS = """
      select account, month, credited from budget_month where account not like 'pre-%'""";

  private record Stored(String outcome, int entries) {
  }

  private static final String TABLES = "stripe_event, ledger_entry, money_object, budget_month";
  private static final String SEQ_SCANS = """
      select relname, seq_scan, seq_tup_read from pg_stat_user_tables
      where schemaname = current_schema()
        and relname in ('stripe_event', 'ledger_entry', 'money_object', 'budget_month')
      order by relname""";

  private LedgerCheck() {
  }

  static Result run(String databaseUrl, String schema, List<Sent> sent) throws SQLException {
    Map<String, Stored> stored = new HashMap<>();
    Map<String, Long> budgets = new HashMap<>();
    try (Connection conn = connect(databaseUrl, schema)) {
      try (PreparedStatement query = conn.prepareStatement(EVENTS); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          stored.put(rows.getString(1), new Stored(rows.getString(2), rows.getInt(3)));
        }
      }
      try (PreparedStatement query = conn.prepareStatement(BUDGETS); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          budgets.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
        }
      }
    }
    int acked = 0;
    int lost = 0;
    int storedUnacked = 0;
    int wrongOutcome = 0;
    Map<String, Long> expected = new HashMap<>();
    for (Sent s : sent) {
      SignedEvents events = s.events();
      for (int i = 0; i < events.size(); i++) {
        Stored row = stored.get(events.ids[i]);
        if (s.acked()[i]) {
          acked++;
          if (row == null || row.entries() == 0) {
            lost++;
          }
        } else if (row != null) {
          // Committed, but its answer did not arrive: Stripe would redeliver and get "duplicate".
          storedUnacked++;
        }
        if (row != null && row.entries() > 0) {
          expected.merge(events.accounts[i] + " " + events.month, events.amounts[i], Long::sum);
        }
        if (row != null && !"credited".equals(row.outcome())) {
          wrongOutcome++;
        }
      }
    }
    int doubled = (int) stored.values().stream().filter(r -> r.entries() > 1).count();
    int mismatches = 0;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      if (!e.getValue().equals(budgets.get(e.getKey()))) {
        mismatches++;
      }
    }
    // A budget row nobody credited is a mismatch too.
    mismatches += (int) budgets.keySet().stream().filter(k -> !expected.containsKey(k)).count();
    return new Result(acked, stored.size(), lost, doubled, storedUnacked, wrongOutcome, expected.size(), mismatches);
  }

  /** Gives the planner statistics, as autovacuum would by now; cached plans are replanned. */
  static void analyze(String databaseUrl, String schema) throws SQLException {
    try (Connection conn = connect(databaseUrl, schema);
         PreparedStatement analyze = conn.prepareStatement("analyze " + TABLES)) {
      analyze.execute();
    }
  }

  /**
   * Sequential scans of the service's tables since the schema was created, as
   * {@code ledger_entry=12/3456 ...} (scans/rows read). The service's statements should all use an
   * index, so many rows read here mean a plan that reads whole tables.
   */
  static String seqScans(String databaseUrl, String schema) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (Connection conn = connect(databaseUrl, schema); PreparedStatement query = conn.prepareStatement(SEQ_SCANS);
         ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        text.append(text.length() == 0 ? "" : " ").append(rows.getString(1)).append('=').append(rows.getLong(2))
            .append('/').append(rows.getLong(3));
      }
    }
    return text.toString();
  }

  private static Connection connect(String databaseUrl, String schema) throws SQLException {
    PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
    String url = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?currentSchema=" + schema;
    return DriverManager.getConnection(url, options.getUser(), options.getPassword());
  }
}
