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
 * Preloaded rows ({@code evt_pre_*}, {@code pre-*}) and the agent phases' accounts ({@code agent-*},
 * checked by {@link #runAgent}) are left out. Beside it: ANALYZE, and the
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
      select account, month, credited from budget_month where account not like 'pre-%' and account not like 'agent-%'""";

  private record Stored(String outcome, int entries) {
  }

  private static final String SEQ_SCANS = """
      select relname, seq_scan, seq_tup_read from pg_stat_user_tables
      where schemaname = current_schema()
        and relname in ('stripe_event', 'ledger_entry', 'money_object', 'payment_link', 'budget_month', 'reservation')
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

  /** The agent requests of a run: spends counted per Idempotency-Key tag, settled reservations by id. */
  record AgentSent(Map<String, Integer> ackedSpendsByTag, List<String> settledReservations) {
    boolean any() {
      return !ackedSpendsByTag.isEmpty() || !settledReservations.isEmpty();
    }
  }

  record AgentResult(int ackedSpends, int storedSpends, int lostSpends, int doubledSpends, int settled,
                     int lostSettlements, int budgetRows, int budgetsOffLedger) {
    boolean ok() {
      return lostSpends == 0 && doubledSpends == 0 && lostSettlements == 0 && budgetsOffLedger == 0;
    }

    String text() {
      return "spends acked=" + ackedSpends + " stored=" + storedSpends + " lost=" + lostSpends + " doubled="
          + doubledSpends + " | settled=" + settled + " lost=" + lostSettlements + " | budget rows=" + budgetRows
          + " off_ledger=" + budgetsOffLedger;
    }
  }

  private static final String SPENDS_OF_TAG = """
      select count(*), count(distinct money_key) from ledger_entry
      where kind = 'spend' and money_key like 'spend:' || ? || '-%'""";
  private static final String SETTLED = """
      select count(*) from reservation r
      where r.id = any(?) and r.status = 'settled'
        and (select count(*) from ledger_entry l where l.money_key = 'reservation:' || r.id) = 1""";
  /** Every budget row against the ledger it sums and the holds it counts. */
  private static final String BUDGETS_OFF_LEDGER = """
      select count(*) filter (where b.credited <> coalesce(l.credited, 0) or b.debited <> coalesce(l.debited, 0)
                                 or b.spent <> coalesce(l.spent, 0) or b.reserved <> coalesce(h.held, 0)),
             count(*)
      from budget_month b
      left join (select account, month, sum(amount) filter (where kind = 'credit') as credited,
                        sum(amount) filter (where kind = 'debit') as debited,
                        sum(amount) filter (where kind = 'spend') as spent
                 from ledger_entry group by account, month) l using (account, month)
      left join (select account, month, sum(amount) as held from reservation where status = 'held'
                 group by account, month) h using (account, month)""";

  /**
   * Agent requests: every acknowledged spend stored once (wrk counts answers, not ids: at least as
   * many spends stored under a tag as were acknowledged, none twice), every settled reservation
   * settled with exactly one spend entry, and every budget row (webhooks' too) equal to its ledger
   * entries and open holds.
   */
  static AgentResult runAgent(String databaseUrl, String schema, AgentSent sent) throws SQLException {
    int acked = 0;
    int stored = 0;
    int lost = 0;
    int doubled = 0;
    int settledOk;
    int offLedger;
    int rows;
    try (Connection conn = connect(databaseUrl, schema)) {
      for (Map.Entry<String, Integer> tag : sent.ackedSpendsByTag().entrySet()) {
        try (PreparedStatement query = conn.prepareStatement(SPENDS_OF_TAG)) {
          query.setString(1, tag.getKey());
          try (ResultSet r = query.executeQuery()) {
            r.next();
            acked += tag.getValue();
            stored += r.getInt(1);
            doubled += r.getInt(1) - r.getInt(2);
            lost += Math.max(0, tag.getValue() - r.getInt(2));
          }
        }
      }
      try (PreparedStatement query = conn.prepareStatement(SETTLED)) {
        query.setArray(1, conn.createArrayOf("text", sent.settledReservations().toArray()));
        try (ResultSet r = query.executeQuery()) {
          r.next();
          settledOk = r.getInt(1);
        }
      }
      try (PreparedStatement query = conn.prepareStatement(BUDGETS_OFF_LEDGER); ResultSet r = query.executeQuery()) {
        r.next();
        offLedger = r.getInt(1);
        rows = r.getInt(2);
      }
    }
    int settled = sent.settledReservations().size();
    return new AgentResult(acked, stored, lost, doubled, settled, settled - settledOk, rows, offLedger);
  }

  /**
   * Gives the planner statistics, as autovacuum would by now; cached plans are replanned. The
   * tables of the jar's schema, whatever its version (money_object before V6, payment_link since).
   */
  static void analyze(String databaseUrl, String schema) throws SQLException {
    try (Connection conn = connect(databaseUrl, schema)) {
      String tables;
      try (PreparedStatement query = conn.prepareStatement(
          "select string_agg(tablename, ', ') from pg_tables where schemaname = current_schema()"
              + " and tablename <> 'flyway_schema_history'");
           ResultSet rows = query.executeQuery()) {
        rows.next();
        tables = rows.getString(1);
      }
      try (PreparedStatement analyze = conn.prepareStatement("analyze " + tables)) {
        analyze.execute();
      }
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
