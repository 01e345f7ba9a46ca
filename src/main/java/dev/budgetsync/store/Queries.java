package dev.budgetsync.store;

import dev.budgetsync.billing.ApiException;
import dev.budgetsync.billing.BudgetStatus;
import dev.budgetsync.billing.Requests;
import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The read side: budget status, event history and ledger pages, each on an index. */
public final class Queries {
  private final SqlClient client;
  private final String budgetCurrency;

  public Queries(SqlClient client, String budgetCurrency) {
    this.client = client;
    this.budgetCurrency = budgetCurrency;
  }

  public Future<Void> ping() {
    return client.query(Sql.PING).execute().mapEmpty();
  }

  public Future<BudgetStatus> status(String account, String month) {
    return status(client, account, month, budgetCurrency);
  }

  static Future<BudgetStatus> status(SqlClient client, String account, String month, String fallbackCurrency) {
    return client.preparedQuery(Sql.BUDGET).execute(Tuple.of(account, month)).map(rows -> {
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

  /** Credits, debits and spend of one UTC day ({@code YYYY-MM-DD}) of an account's month. */
  public record DayTotals(String day, long credited, long debited, long spent) {
  }

  /** The days of the month with money, in order. */
  public Future<List<DayTotals>> daily(String account, String month) {
    return client.preparedQuery(Sql.DAILY).execute(Tuple.of(account, month)).map(rows -> {
      List<DayTotals> days = new ArrayList<>();
      for (Row row : rows) {
        days.add(new DayTotals(row.getString("day"), row.getLong("credited"), row.getLong("debited"),
            row.getLong("spent")));
      }
      return days;
    });
  }

  /** The month's accounts by id, each as its status with display strings, in Stripe-style pages. */
  public Future<JsonObject> accounts(Requests.AccountsQuery query) {
    String after = query.startingAfter() == null ? "" : query.startingAfter();
    return client.preparedQuery(Sql.ACCOUNTS_PAGE).execute(Tuple.of(query.month(), after, query.limit() + 1))
        .map(rows -> page(rows, query.limit(),
            row -> statusOf(row, row.getString("account"), query.month()).toDisplayJson()));
  }

  /** Newest first, Stripe-style: {@code {"object": "list", "data": [...], "has_more": bool}}. */
  public Future<JsonObject> events(Requests.EventsQuery query) {
    Future<Long> cursor = query.startingAfter() == null
        ? Future.succeededFuture(Long.MAX_VALUE)
        : client.preparedQuery(Sql.EVENT_SEQ).execute(Tuple.of(query.startingAfter())).map(rows -> {
          if (rows.size() == 0) {
            throw new ApiException(400, "invalid_request", "starting_after names no stored event");
          }
          return rows.iterator().next().getLong("seq");
        });
    return cursor.compose(seq -> query.type() == null
            ? client.preparedQuery(Sql.EVENTS_PAGE).execute(Tuple.of(seq, query.limit() + 1))
            : client.preparedQuery(Sql.EVENTS_OF_TYPE_PAGE).execute(Tuple.of(seq, query.limit() + 1, query.type())))
        .map(rows -> page(rows, query.limit(), Queries::eventJson));
  }

  /** The month's entries, oldest first, in pages keyed by entry id. */
  public Future<JsonObject> ledger(Requests.LedgerQuery query) {
    return client.preparedQuery(Sql.LEDGER_PAGE)
        .execute(Tuple.of(query.account(), query.month(), query.startingAfter(), query.limit() + 1))
        .map(rows -> page(rows, query.limit(), Queries::entryJson));
  }

  private static JsonObject page(RowSet<Row> rows, int limit, java.util.function.Function<Row, JsonObject> toJson) {
    JsonArray data = new JsonArray();
    for (Row row : rows) {
      if (data.size() == limit) {
        break;
      }
      data.add(toJson.apply(row));
    }
    return new JsonObject().put("object", "list").put("data", data).put("has_more", rows.size() > limit);
  }

  private static JsonObject eventJson(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created");
    return new JsonObject()
        .put("id", row.getString("id")).put("type", row.getString("type"))
        .put("outcome", row.getString("outcome")).put("reason", row.getString("reason"))
        .put("account", row.getString("account")).put("amount", row.getLong("amount"))
        .put("currency", row.getString("currency"))
        .put("display", display(row.getLong("amount"), row.getString("currency")))
        .put("created", created == null ? null : created.toEpochSecond())
        .put("received_at", row.getOffsetDateTime("received_at").toInstant().toString());
  }

  private static JsonObject entryJson(Row row) {
    Object metadata = row.getValue("metadata");
    return new JsonObject()
        .put("id", row.getLong("id")).put("kind", row.getString("kind"))
        .put("amount", row.getLong("amount")).put("currency", row.getString("currency"))
        .put("display", display(row.getLong("amount"), row.getString("currency")))
        .put("source", row.getString("source")).put("event_id", row.getString("event_id"))
        .put("created_at", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("metadata", metadata instanceof JsonObject m ? m : new JsonObject());
  }

  /** The amount as people read it ({@code $50.00}), or null when the event carried none. */
  private static String display(Long amount, String currency) {
    return amount == null || currency == null ? null : MoneyFormat.display(amount, currency);
  }
}
