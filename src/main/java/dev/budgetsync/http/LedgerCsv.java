package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.Requests;
import dev.budgetsync.config.AccountSettings;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.StringJoiner;

/**
 * {@code GET /api/budget/ledger.csv?account=ID&month=YYYY-MM[&kind=...&source=...]}: the month's
 * whole ledger as CSV (RFC 4180, UTF-8, a header line), oldest first, read page by page from billing
 * and streamed, so a month of any size costs one page of memory. Text that a spreadsheet would run
 * as a formula ({@code =}, {@code +}, {@code -}, {@code @} first) is prefixed with {@code '}.
 */
final class LedgerCsv {
  static final String PATH = "/api/budget/ledger.csv";
  static final String HEADER = "id,created_at,kind,amount,currency,amount_display,source,event_id,agent,description,note";
  private static final int PAGE = 1000;

  private final EventBus bus;
  private final Access access;
  private final AccountSettings settings;
  private final Clock clock;
  private final DeliveryOptions delivery;

  LedgerCsv(EventBus bus, Access access, AccountSettings settings, Clock clock, long timeoutMs) {
    this.bus = bus;
    this.access = access;
    this.settings = settings;
    this.clock = clock;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true);
  }

  void export(RoutingContext ctx) {
    Requests.LedgerQuery first = access.permit(BearerAuth.caller(ctx), Addresses.LEDGER,
        Requests.ledger(AdminHandlers.own(ctx, QueryParams.read(ctx, "account", "month", "kind", "source"))
            .put("limit", PAGE), settings, clock));
    HttpServerResponse response = ctx.response()
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"ledger-" + first.account() + "-" + first.month()
            + ".csv\"")
        .putHeader("Cache-Control", "no-store");
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
      return;
    }
    // The first page decides the status: an error before any byte is sent is still a JSON error.
    page(first).onFailure(ctx::fail).onSuccess(body -> {
      response.setChunked(true).write(HEADER + "\r\n");
      write(response, first, body);
    });
  }

  private Future<JsonObject> page(Requests.LedgerQuery query) {
    return bus.<JsonObject>request(Addresses.LEDGER, query, delivery).map(reply -> reply.body());
  }

  private void write(HttpServerResponse response, Requests.LedgerQuery query, JsonObject page) {
    JsonArray entries = page.getJsonArray("data");
    StringBuilder lines = new StringBuilder();
    long last = query.startingAfter();
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      lines.append(line(entry)).append("\r\n");
      last = entry.getLong("id");
    }
    response.write(lines.toString());
    if (!page.getBoolean("has_more") || entries.isEmpty()) {
      response.end();
      return;
    }
    Requests.LedgerQuery next = new Requests.LedgerQuery(query.account(), query.month(), PAGE, last, query.kind(),
        query.source());
    // A failure past the first page can only cut the stream short: the client sees a broken download.
    page(next).onSuccess(body -> write(response, next, body)).onFailure(error -> response.reset());
  }

  static String line(JsonObject entry) {
    JsonObject metadata = entry.getJsonObject("metadata", new JsonObject());
    StringJoiner line = new StringJoiner(",");
    line.add(String.valueOf(entry.getLong("id"))).add(text(entry.getString("created_at")))
        .add(text(entry.getString("kind"))).add(String.valueOf(entry.getLong("amount")))
        .add(text(entry.getString("currency"))).add(text(entry.getString("display")))
        .add(text(entry.getString("source"))).add(text(entry.getString("event_id")))
        .add(text(string(metadata, "agent"))).add(text(string(metadata, "description")))
        .add(text(string(metadata, "note")));
    return line.toString();
  }

  private static String string(JsonObject metadata, String field) {
    Object value = metadata.getValue(field);
    return value == null ? null : String.valueOf(value);
  }

  /** One text field: empty for null, defused when a spreadsheet would read a formula, quoted when needed. */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
