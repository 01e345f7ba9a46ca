package dev.budgetsync.bus;

import dev.budgetsync.money.Amounts;
import io.vertx.core.json.JsonObject;

/**
 * How {@link Requests} reads one field of a request: its JSON type, its text ({@link Text}) and its
 * bounds. Every refusal names the field and is a {@code 400 invalid_request}.
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

  /** A JSON integer, or a string of digits as query parameters come. */
  static long wholeNumber(Object value, String field) {
    if (value instanceof Integer || value instanceof Long) {
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

  static ServiceError invalid(String field, String why) {
    return ServiceError.invalid(field + " " + why);
  }
}
