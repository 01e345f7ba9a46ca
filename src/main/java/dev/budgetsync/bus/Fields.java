package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.time.Clock;

/** Reading one field of a request body (or of query parameters as strings), each refusal naming its field. */
final class Fields {
  private Fields() {
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

  static boolean flag(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw invalid(field, "must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }

  static long parseLong(Object value, String field) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s && s.matches("[0-9]{1,18}")) {
      return Long.parseLong(s);
    }
    throw invalid(field, "must be a whole number");
  }

  static long positiveAmount(JsonObject body) {
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

  static String account(JsonObject body, AccountSettings settings) {
    String account = optionalString(body, "account", settings.defaultAccount());
    if (!AccountSettings.isValidAccount(account)) {
      throw invalid("account", "must be 1-64 characters of letters, digits, '_', '-', '.', ':' or '@'");
    }
    return account;
  }

  static String month(JsonObject body, Clock clock) {
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
