package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Amounts;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/**
 * How a request record reads one field of a request body (or of query parameters, as strings): its
 * JSON type, its text ({@link Text}) and its bounds. Every refusal names the field and is a
 * {@code 400 invalid_request}.
 */
final class Fields {
  private Fields() {
  }

  static String string(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw invalid(field, "must be a string");
    }
    return s;
  }

  /** A string of printable characters only, or null; {@code name} is how the caller knows the field. */
  static String printable(JsonObject body, String field, String name) {
    String value = string(body, field, null);
    if (value != null && !Text.isPrintable(value)) {
      throw invalid(name, "must be printable text without NUL or other control characters");
    }
    return value;
  }

  /** A note or a description of at most {@code max} characters, or null. */
  static String freeText(JsonObject body, String field, int max) {
    String text = string(body, field, null);
    if (text == null) {
      return null;
    }
    if (text.length() > max) {
      throw invalid(field, "must be at most " + max + " characters");
    }
    if (!Text.isFreeText(text)) {
      throw invalid(field, "must be text without NUL or other control characters");
    }
    return text;
  }

  /**
   * A JSON integer of 0 or more, or a string of digits as query parameters come: refused alike,
   * whether a record is made at the HTTP edge or from JSON on the bus.
   */
  static long wholeNumber(Object value, String field) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s && s.matches("[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw invalid(field, "must be a whole number");
  }

  /** {@code amount}: a JSON integer from 1 to {@link Amounts#MAX}. */
  static long positiveAmount(JsonObject body) {
    Object value = body.getValue("amount");
    if (!(value instanceof Integer || value instanceof Long)) {
      throw invalid("amount", "must be a whole number of the currency's smallest unit");
    }
    long amount = ((Number) value).longValue();
    if (amount <= 0) {
      throw invalid("amount", "must be positive");
    }
    return bounded(amount);
  }

  static long bounded(long amount) {
    if (amount > Amounts.MAX) {
      throw invalid("amount", "must be at most " + Amounts.MAX + " (10^13) of the currency's smallest unit");
    }
    return amount;
  }

  static int limit(JsonObject body, int fallback, int max) {
    Object value = body.getValue("limit");
    if (value == null) {
      return fallback;
    }
    long limit = wholeNumber(value, "limit");
    if (limit < 1 || limit > max) {
      throw invalid("limit", "must be between 1 and " + max);
    }
    return (int) limit;
  }

  static boolean flag(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw invalid(field, "must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  static String account(JsonObject body, AccountSettings settings) {
    String account = string(body, "account", settings.defaultAccount());
    if (!AccountSettings.isValidAccount(account)) {
      throw invalid("account", "must be 1-64 characters of letters, digits, '_', '-', '.', ':' or '@'");
    }
    return account;
  }

  static String month(JsonObject body, Clock clock) {
    String given = string(body, "month", null);
    if (given == null) {
      return Months.of(clock.instant());
    }
    String month = Months.parse(given);
    if (month == null) {
      throw invalid("month", "must be YYYY-MM");
    }
    return month;
  }

  static ServiceError invalid(String field, String why) {
    return ServiceError.invalid(field + " " + why);
  }
}
