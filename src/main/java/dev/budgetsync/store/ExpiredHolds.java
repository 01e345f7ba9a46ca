package dev.budgetsync.store;

import dev.budgetsync.domain.AgentBook;
import dev.budgetsync.domain.Reservation;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The holds this transaction gave back as expired, by the sweep or before the batch's requests:
 * the budget rows read afterwards still count them until the deltas are written, and the
 * reservations read before still say {@code held}; the requests must see neither.
 */
final class ExpiredHolds {
  private final BudgetDeltas deltas;
  private final Map<String, Long> byMonth = new HashMap<>();
  private final Set<String> ids = new HashSet<>();

  ExpiredHolds(BudgetDeltas deltas) {
    this.deltas = deltas;
  }

  void add(RowSet<Row> expired) {
    for (Row row : expired) {
      String account = row.getString("account");
      String month = row.getString("month");
      long amount = row.getLong("amount");
      deltas.reserve(account, month, row.getString("currency"), -amount);
      byMonth.merge(AgentBook.key(account, month), amount, Long::sum);
      ids.add(row.getString("id"));
    }
  }

  long of(String key) {
    return byMonth.getOrDefault(key, 0L);
  }

  Map<String, Reservation> appliedTo(Map<String, Reservation> reservations) {
    Map<String, Reservation> current = new HashMap<>(reservations);
    ids.forEach(id -> current.computeIfPresent(id, (key, held) -> held.withStatus("expired", null)));
    return current;
  }
}
