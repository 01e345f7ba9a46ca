package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/**
 * The requests of the event-bus contract, as records, and their validation. An edge (an HTTP
 * route, the bridge, or billing for a JSON body from a cluster member) parses a request once into
 * its record; in this process the record itself then crosses the bus ({@link LocalCodec}).
 */
public final class Requests {
  public static final int MAX_NOTE = 500;
  public static final int MAX_IDEMPOTENCY_KEY = 255;
  public static final long DEFAULT_TTL_SECONDS = 300;
  public static final long MAX_TTL_SECONDS = 86_400;

  private Requests() {
  }

  public record StatusQuery(String account, String month) {
  }

  public record FundsRequest(String account, long amount, String currency, String note, String idempotencyKey) {
  }

  public record SpendRequest(String account, String agent, long amount, String currency, String description,
                             String idempotencyKey) {
  }

  public record CheckQuery(String account, String month, long amount) {
  }

  public record ReserveRequest(String account, String agent, long amount, String currency, long ttlSeconds) {
  }

  public record SettleRequest(String id, long amount) {
  }

  public record ReleaseRequest(String id) {
  }

  public record ReprocessRequest(String eventId) {
  }

  public record EventsQuery(int limit, String startingAfter, String type) {
  }

  public record LedgerQuery(String account, String month, int limit, long startingAfter) {
  }

  public record AccountsQuery(String month, int limit, String startingAfter) {
  }

  public static StatusQuery status(JsonObject body, AccountSettings settings, Clock clock) {
    return new StatusQuery(account(body, settings), month(body, clock));
  }

  public static FundsRequest funds(JsonObject body, AccountSettings settings) {
    return new FundsRequest(account(body, settings), positiveAmount(body), currency(body, settings),
        text(body, "note"), idempotencyKey(body));
  }

  public static SpendRequest spend(JsonObject body, AccountSettings settings) {
    return new SpendRequest(account(body, settings), agent(body), positiveAmount(body), currency(body, settings),
        text(body, "description"), idempotencyKey(body));
  }

  public static CheckQuery check(JsonObject body, AccountSettings settings, Clock clock) {
    Object value = body.getValue("amount");
    long amount = value == null ? 0 : parseLong(value, "amount");
    return new CheckQuery(account(body, settings), Months.of(clock.instant()), amount);
  }

  public static ReserveRequest reserve(JsonObject body, AccountSettings settings) {
    Object ttl = body.getValue("ttl_seconds");
    long ttlSeconds = ttl == null ? DEFAULT_TTL_SECONDS : parseLong(ttl, "ttl_seconds");
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw invalid("ttl_seconds", "must be between 1 and " + MAX_TTL_SECONDS);
    }
    return new ReserveRequest(account(body, settings), agent(body), positiveAmount(body), currency(body, settings),
        ttlSeconds);
  }

  /** {@code amount} may be 0: the work cost nothing and the hold is simply released. */
  public static SettleRequest settle(JsonObject body) {
    Object value = body.getValue("amount");
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw invalid("amount", "must be a whole number of the currency's smallest unit, 0 or more");
    }
    return new SettleRequest(reservationId(body), ((Number) value).longValue());
  }

  public static ReleaseRequest release(JsonObject body) {
    return new ReleaseRequest(reservationId(body));
  }

  private static String reservationId(JsonObject body) {
    String id = optionalString(body, "id", null);
    if (id == null || !id.matches("res_[A-Za-z0-9]{1,64}")) {
      throw invalid("id", "must be a reservation id res_...");
    }
    return id;
  }

  private static String currency(JsonObject body, AccountSettings settings) {
    String currency = optionalString(body, "currency", settings.budgetCurrency());
    if (!currency.equals(settings.budgetCurrency())) {
      throw invalid("currency", "must be the budget currency " + settings.budgetCurrency());
    }
    return currency;
  }

  private static String agent(JsonObject body) {
    String agent = optionalString(body, "agent", null);
    if (agent == null || agent.isBlank() || agent.length() > 64) {
      throw invalid("agent", "must name the agent in 1 to 64 characters");
    }
    return agent;
  }

  private static String text(JsonObject body, String field) {
    String text = optionalString(body, field, null);
    if (text != null && text.length() > MAX_NOTE) {
      throw invalid(field, "must be at most " + MAX_NOTE + " characters");
    }
    return text;
  }

  private static String idempotencyKey(JsonObject body) {
    String key = optionalString(body, "idempotency_key", null);
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return key;
  }

  public static ReprocessRequest reprocess(JsonObject body) {
    String id = optionalString(body, "id", null);
    if (id == null || id.isEmpty() || id.length() > 255) {
      throw invalid("id", "must name a stored event");
    }
    return new ReprocessRequest(id);
  }

  public static EventsQuery events(JsonObject body) {
    String startingAfter = optionalString(body, "starting_after", null);
    String type = optionalString(body, "type", null);
    return new EventsQuery(limit(body, 10, 100), startingAfter, type);
  }

  public static LedgerQuery ledger(JsonObject body, AccountSettings settings, Clock clock) {
    Object after = body.getValue("starting_after");
    long startingAfter = 0;
    if (after != null) {
      startingAfter = parseLong(after, "starting_after");
    }
    // A month's ledger is read whole far more often than the history: larger pages.
    return new LedgerQuery(account(body, settings), month(body, clock), limit(body, 100, 1000), startingAfter);
  }

  public static AccountsQuery accounts(JsonObject body, Clock clock) {
    String startingAfter = optionalString(body, "starting_after", null);
    if (startingAfter != null && !AccountSettings.isValidAccount(startingAfter)) {
      throw invalid("starting_after", "must be an account id");
    }
    return new AccountsQuery(month(body, clock), limit(body, 10, 100), startingAfter);
  }

  static int limit(JsonObject body, int fallback, int max) {
    Object value = body.getValue("limit");
    if (value == null) {
      return fallback;
    }
    long limit = parseLong(value, "limit");
    if (limit < 1 || limit > max) {
      throw invalid("limit", "must be between 1 and " + max);
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

  static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field, "must be a string");
    }
    return s;
  }

  static ServiceError invalid(String field, String why) {
    return ServiceError.invalid(field + " " + why);
  }
}
