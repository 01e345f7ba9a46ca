package dev.budgetsync.store;

import dev.budgetsync.domain.AlertPolicy;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.LedgerEntry;
import dev.budgetsync.domain.Notification;
import dev.budgetsync.domain.Notifications;
import dev.budgetsync.domain.Refusal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The budget rows a transaction changes, summed per (account, month) and written once each at the
 * end, in sorted order: two transactions touching the same rows lock them in the same order and so
 * never deadlock, however many events share a transaction.
 */
final class BudgetDeltas {
  private final Map<String, Delta> byKey = new TreeMap<>();

  private static final class Delta {
    final String account;
    final String month;
    final String currency;
    long credited;
    long debited;
    long spent;
    long reserved;

    Delta(String account, String month, String currency) {
      this.account = account;
      this.month = month;
      this.currency = currency;
    }
  }

  void add(String account, String month, String currency, EntryKind kind, long amount) {
    Delta delta = delta(account, month, currency);
    switch (kind) {
      case CREDIT -> delta.credited = Math.addExact(delta.credited, amount);
      case DEBIT -> delta.debited = Math.addExact(delta.debited, amount);
      case SPEND -> delta.spent = Math.addExact(delta.spent, amount);
      case ALERT -> throw new IllegalArgumentException("an alert entry moves no budget");
    }
  }

  void add(LedgerEntry entry) {
    add(entry.account(), entry.month(), entry.currency(), entry.kind(), entry.amount());
  }

  /** A hold released (negative) or taken (positive). */
  void reserve(String account, String month, String currency, long amount) {
    Delta delta = delta(account, month, currency);
    delta.reserved = Math.addExact(delta.reserved, amount);
  }

  private Delta delta(String account, String month, String currency) {
    return byKey.computeIfAbsent(key(account, month), k -> new Delta(account, month, currency));
  }

  private static String key(String account, String month) {
    return account + '\u0000' + month;
  }

  /**
   * Writes every row in one statement; also touches a row without changing it, so a status query
   * right after sees it exist. Alerts are then decided on each row as it stands after the change.
   */
  Future<List<BudgetChange>> flush(SqlConnection conn, List<Integer> thresholds) {
    if (byKey.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Delta> deltas = List.copyOf(byKey.values());
    Tuple arrays = Tuple.of(
        deltas.stream().map(d -> d.account).toArray(String[]::new),
        deltas.stream().map(d -> d.month).toArray(String[]::new),
        deltas.stream().map(d -> d.currency).toArray(String[]::new),
        deltas.stream().map(d -> d.credited).toArray(Long[]::new),
        deltas.stream().map(d -> d.debited).toArray(Long[]::new),
        deltas.stream().map(d -> d.spent).toArray(Long[]::new),
        deltas.stream().map(d -> d.reserved).toArray(Long[]::new));
    return conn.preparedQuery(LedgerSql.ADD_TO_BUDGETS).execute(arrays).compose(rows -> {
      if (rows.size() < deltas.size()) {
        return refuseOtherCurrency(conn, rows, deltas);
      }
      List<BudgetChange> changes = new ArrayList<>();
      List<AlertWrite> alerts = new ArrayList<>();
      List<Notification> notifications = new ArrayList<>();
      List<Tuple> exhaustionChanged = new ArrayList<>();
      for (Row row : rows) {
        Delta d = byKey.get(key(row.getString("account"), row.getString("month")));
        long budget = row.getLong("credited") - row.getLong("debited");
        long spent = row.getLong("spent");
        List<Integer> active = Arrays.asList(row.getArrayOfIntegers("alerts"));
        AlertPolicy.Change change = AlertPolicy.evaluate(thresholds, active, spent, budget);
        changes.add(new BudgetChange(d.account, d.month, change.fired(), change.recovered()));
        if (!change.isEmpty()) {
          alerts.add(new AlertWrite(d, change, spent, budget));
        }
        BudgetStatus after = new BudgetStatus(d.account, d.month, d.currency, budget, spent, row.getLong("reserved"),
            change.active());
        boolean wasExhausted = row.getBoolean("exhausted");
        AlertPolicy.Exhaustion exhaustion = AlertPolicy.exhaustion(wasExhausted,
            after.remaining() - (d.credited - d.debited - d.spent - d.reserved), after.remaining(), d.credited - d.debited);
        if (exhaustion.exhausted() != wasExhausted) {
          exhaustionChanged.add(Tuple.of(d.account, d.month, exhaustion.exhausted()));
        }
        // Notifications hook (1 of 2): the row's alerts, and budget.exhausted once per crossing.
        notifications.addAll(Notifications.ofBudgetRow(after, change, exhaustion));
      }
      return InOrder.each(alerts, alert -> conn.preparedQuery(AgentSql.SET_ALERTS)
              .execute(Tuple.of(alert.delta().account, alert.delta().month, alert.change().active().toArray(new Integer[0])))
              .compose(set -> recordAlerts(conn, alert.delta(), alert.change().fired(), alert.spent(), alert.budget())))
          .compose(v -> exhaustionChanged.isEmpty() ? Future.succeededFuture()
              : conn.preparedQuery(AgentSql.SET_EXHAUSTED).executeBatch(exhaustionChanged).mapEmpty())
          // Notifications hook (2 of 2): written in this transaction, so they exist only if it commits.
          .compose(v -> Outbox.add(conn, notifications))
          .map(changes);
    });
  }

  /** A row in another currency was not written: the transaction is refused, naming the first such row. */
  private static <T> Future<T> refuseOtherCurrency(SqlConnection conn, RowSet<Row> written, List<Delta> deltas) {
    Set<String> writtenKeys = new HashSet<>();
    written.forEach(row -> writtenKeys.add(key(row.getString("account"), row.getString("month"))));
    Delta missing = deltas.stream().filter(d -> !writtenKeys.contains(key(d.account, d.month))).findFirst()
        .orElseThrow();
    return conn.preparedQuery(LedgerSql.BUDGET_CURRENCY_OF).execute(Tuple.of(missing.account, missing.month))
        .compose(rows -> Future.failedFuture(Refusal.currencyMismatch(missing.account, missing.month,
            rows.iterator().next().getString("currency"), missing.currency)));
  }

  /** A row whose reached thresholds changed, as it stands after the batch. */
  private record AlertWrite(Delta delta, AlertPolicy.Change change, long spent, long budget) {
  }

  private Future<Void> recordAlerts(SqlConnection conn, Delta d, List<Integer> fired, long spent, long budget) {
    if (fired.isEmpty()) {
      return Future.succeededFuture();
    }
    return Entries.insert(conn, fired.stream().map(threshold -> LedgerEntry.alert(d.account, d.month, spent,
        d.currency, new JsonObject().put("threshold", threshold).put("spent", spent).put("budget", budget))).toList());
  }
}
