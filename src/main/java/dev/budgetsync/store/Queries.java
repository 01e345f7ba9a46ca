package dev.budgetsync.store;

import dev.budgetsync.domain.AgentSpend;
import dev.budgetsync.domain.BudgetStatus;
import dev.budgetsync.domain.DayTotals;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.EventFilter;
import dev.budgetsync.domain.LedgerLine;
import dev.budgetsync.domain.Page;
import dev.budgetsync.domain.Refusal;
import dev.budgetsync.domain.Reservation;
import dev.budgetsync.domain.StoredEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The read side: budget status, event history and ledger pages, each on an index. */
public final class Queries {
  private final SqlClient client;
  private final String budgetCurrency;

  public Queries(SqlClient client, String budgetCurrency) {
    this.client = client;
    this.budgetCurrency = budgetCurrency;
  }

  /** How many budget rows each currency other than the configured one keeps, e.g. {@code {usd=12}}. */
  public Future<Map<String, Long>> otherCurrencyRows() {
    return client.preparedQuery(ReadSql.OTHER_CURRENCY_ROWS).execute(Tuple.of(budgetCurrency)).map(rows -> {
      Map<String, Long> counts = new TreeMap<>();
      rows.forEach(row -> counts.put(row.getString("currency"), row.getLong("rows")));
      return counts;
    });
  }

  public Future<Void> ping() {
    return client.query(ServerSql.PING).execute().mapEmpty();
  }

  public Future<BudgetStatus> status(String account, String month) {
    return status(client, account, month, budgetCurrency);
  }

  static Future<BudgetStatus> status(SqlClient client, String account, String month, String fallbackCurrency) {
    return client.preparedQuery(ReadSql.BUDGET).execute(Tuple.of(account, month)).map(rows -> {
      if (rows.size() == 0) {
        return new BudgetStatus(account, month, fallbackCurrency, 0, 0, 0, List.of());
      }
      return statusOf(rows.iterator().next(), account, month);
    });
  }

  private static BudgetStatus statusOf(Row row, String account, String month) {
    return new BudgetStatus(account, month, row.getString("currency"),
        row.getLong("credited") - row.getLong("debited"), row.getLong("spent"), row.getLong("reserved"),
        Arrays.asList(row.getArrayOfIntegers("alerts")));
  }

  /** The days of the month with money, in order. */
  public Future<List<DayTotals>> daily(String account, String month) {
    return client.preparedQuery(ReadSql.DAILY_BY_SOURCE).execute(Tuple.of(account, month)).map(rows -> {
      List<DayTotals> days = new ArrayList<>();
      for (Row row : rows) {
        days.add(new DayTotals(row.getString("day"), row.getLong("credited"), row.getLong("debited"),
            row.getLong("spent"), row.getLong("topped_up")));
      }
      return days;
    });
  }

  /** The month's accounts by id, each with its status; {@code only} null for every account. */
  public Future<Page<BudgetStatus>> accounts(String month, int limit, String startingAfter, List<String> only) {
    String after = startingAfter == null ? "" : startingAfter;
    return client.preparedQuery(ReadSql.ACCOUNTS_PAGE).execute(Tuple.of(month, after, limit + 1, array(only)))
        .map(rows -> page(rows, limit, row -> statusOf(row, row.getString("account"), month)));
  }

  /** Newest first, the events {@code filter} lets through. */
  public Future<Page<StoredEvent>> events(int limit, String startingAfter, EventFilter filter) {
    Future<Long> cursor = startingAfter == null
        ? Future.succeededFuture(Long.MAX_VALUE)
        : client.preparedQuery(ReadSql.EVENT_SEQ).execute(Tuple.of(startingAfter)).map(rows -> {
          if (rows.size() == 0) {
            throw new Refusal(Refusal.Reason.UNKNOWN_CURSOR, "starting_after names no stored event");
          }
          return rows.iterator().next().getLong("seq");
        });
    return cursor.compose(seq -> client.preparedQuery(ReadSql.EVENTS_FILTERED_PAGE).execute(Tuple.of(seq, limit + 1,
            filter.type(), filter.outcome(), filter.account(), timestamp(filter.createdGte()),
            timestamp(filter.createdLt()), array(filter.accounts()))))
        .map(rows -> page(rows, limit, Queries::storedEvent));
  }

  /** The month's entries, oldest first, in pages keyed by entry id; {@code kind}, {@code source} null for all. */
  public Future<Page<LedgerLine>> ledger(String account, String month, int limit, long startingAfter, String kind,
                                         String source) {
    return client.preparedQuery(ReadSql.LEDGER_FILTERED_PAGE)
        .execute(Tuple.of(account, month, startingAfter, limit + 1, kind, source))
        .map(rows -> page(rows, limit, Queries::ledgerLine));
  }

  /** The holds that still count in the month, soonest expiry first. */
  public Future<Page<Reservation>> openReservations(String account, String month, int limit) {
    return client.preparedQuery(ReadSql.OPEN_RESERVATIONS).execute(Tuple.of(account, month, limit + 1))
        .map(rows -> page(rows, limit, row -> new Reservation(row.getString("id"), row.getString("account"),
            row.getString("month"), row.getString("agent"), row.getLong("amount"), row.getString("currency"),
            row.getString("status"), row.getOffsetDateTime("expires_at").toInstant(), row.getLong("settled_amount"))));
  }

  /** The month's spend per agent, largest first. */
  public Future<List<AgentSpend>> spendByAgent(String account, String month) {
    return client.preparedQuery(ReadSql.SPEND_BY_AGENT).execute(Tuple.of(account, month)).map(rows -> {
      List<AgentSpend> agents = new ArrayList<>();
      for (Row row : rows) {
        agents.add(new AgentSpend(row.getString("agent"), row.getLong("spent"), row.getLong("entries"),
            budgetCurrency));
      }
      return agents;
    });
  }

  private static OffsetDateTime timestamp(Long epochSecond) {
    return epochSecond == null ? null : OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  private static <T> Page<T> page(RowSet<Row> rows, int limit, Function<Row, T> item) {
    List<T> data = new ArrayList<>();
    for (Row row : rows) {
      if (data.size() == limit) {
        break;
      }
      data.add(item.apply(row));
    }
    return new Page<>(data, rows.size() > limit);
  }

  private static StoredEvent storedEvent(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created");
    return new StoredEvent(row.getString("id"), row.getString("type"), row.getString("outcome"),
        row.getString("reason"), row.getString("account"), row.getLong("amount"), row.getString("currency"),
        created == null ? null : created.toEpochSecond(), row.getOffsetDateTime("received_at").toInstant());
  }

  private static LedgerLine ledgerLine(Row row) {
    Object metadata = row.getValue("metadata");
    return new LedgerLine(row.getLong("id"), EntryKind.fromWire(row.getString("kind")), row.getLong("amount"),
        row.getString("currency"), row.getString("source"), row.getString("event_id"),
        row.getOffsetDateTime("created_at").toInstant(), metadata instanceof JsonObject m ? m : new JsonObject());
  }

  private static String[] array(List<String> values) {
    return values == null ? null : values.toArray(String[]::new);
  }
}
