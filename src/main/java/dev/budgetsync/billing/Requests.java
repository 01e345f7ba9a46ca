package dev.budgetsync.billing;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/**
 * Validation of the admin requests, shared by the HTTP routes and the event-bus consumers so both
 * answer the same input with the same error.
 */
public final class Requests {
  public static final int MAX_NOTE = 500;
  public static final int MAX_IDEMPOTENCY_KEY = 255;

  private Requests() {
  }

  public record StatusQuery(String account, String month) {
  }

  public record FundsRequest(String account, long amount, String currency, String note, String idempotencyKey) {
  }

  public record EventsQuery(int limit, String startingAfter, String type) {
  }

  public record LedgerQuery(String account, String month, int limit, long startingAfter) {
  }

  public static StatusQuery status(JsonObject body, AccountSettings settings, Clock clock) {
    return new StatusQuery(account(body, settings), month(body, clock));
  }

  public static FundsRequest funds(JsonObject body, AccountSettings settings) {
    String currency = optionalString(body, "currency", settings.budgetCurrency());
    if (!currency.equals(settings.budgetCurrency())) {
      throw invalid("currency", "must be the budget currency " + settings.budgetCurrency());
    }
    String note = optionalString(body, "note", null);
    if (note != null && note.length() > MAX_NOTE) {
      throw invalid("note", "must be at most " + MAX_NOTE + " characters");
    }
    String key = optionalString(body, "idempotency_key", null);
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return new FundsRequest(account(body, settings), positiveAmount(body), currency, note, key);
  }

  public static String eventId(JsonObject body) {
    String id = optionalString(body, "id", null);
    if (id == null || id.isEmpty() || id.length() > 255) {
      throw invalid("id", "must name a stored event");
    }
    return id;
  }

  public static EventsQuery events(JsonObject body) {
    String startingAfter = optionalString(body, "starting_after", null);
    String type = optionalString(body, "type", null);
    return new EventsQuery(limit(body), startingAfter, type);
  }

  public static LedgerQuery ledger(JsonObject body, AccountSettings settings, Clock clock) {
    Object after = body.getValue("starting_after");
    long startingAfter = 0;
    if (after != null) {
      startingAfter = parseLong(after, "starting_after");
    }
    return new LedgerQuery(account(body, settings), month(body, clock), limit(body), startingAfter);
  }

  private static int limit(JsonObject body) {
    Object value = body.getValue("limit");
    if (value == null) {
      return 10;
    }
    long limit = parseLong(value, "limit");
    if (limit < 1 || limit > 100) {
      throw invalid("limit", "must be between 1 and 100");
    }
    return (int) limit;
  }

  private static long parseLong(Object value, String field) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s && s.matches("[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw invalid(field, "must be a whole number");
  }

  private static long positiveAmount(JsonObject body) {
    Object value = body.getValue("amount");
    if (!(value instanceof Integer || value instanceof Long)) {
      throw invalid("amount", "must be a whole number of the currency's smallest unit");
    }
    long amount = ((Number) value).longValue();
    if (amount <= 0) {
      throw invalid("amount", "must be positive");
    }
    return amount;
  }

  private static String account(JsonObject body, AccountSettings settings) {
    String account = optionalString(body, "account", settings.defaultAccount());
    if (!AccountSettings.isValidAccount(account)) {
      throw invalid("account", "must be 1-64 characters of letters, digits, '_', '-', '.', ':' or '@'");
    }
    return account;
  }

  private static String month(JsonObject body, Clock clock) {
    String given = optionalString(body, "month", null);
    if (given == null) {
      return Months.of(clock.instant());
    }
    String month = Months.parse(given);
    if (month == null) {
      throw invalid("month", "must be YYYY-MM");
    }
    return month;
  }

  private static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field, "must be a string");
    }
    return s;
  }

  private static ApiException invalid(String field, String why) {
    return ApiException.invalid(field + " " + why);
  }
}
