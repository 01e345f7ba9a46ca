package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

/** Strict reads of Stripe object fields: a wrong type is a poison event, not a silent zero. */
final class StripeFields {
  private StripeFields() {
  }

  /** A non-negative integer amount in minor units, or null when absent. */
  static Long amount(JsonObject object, String field) {
    Object value = object.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new PoisonEventException(field + " is not an integer amount");
    }
    long amount = ((Number) value).longValue();
    if (amount < 0) {
      throw new PoisonEventException(field + " is negative");
    }
    return amount;
  }

  static Long requiredAmount(JsonObject object, String field) {
    Long amount = amount(object, field);
    if (amount == null) {
      throw new PoisonEventException(field + " is missing");
    }
    return amount;
  }

  static String string(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  /** An id field that Stripe sends either as a string or, when expanded, as an object with an id. */
  static String id(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    if (value instanceof JsonObject expanded) {
      return string(expanded, "id");
    }
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  static JsonObject object(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    return value instanceof JsonObject o ? o : null;
  }

  /** Follows a path of nested objects, e.g. {@code parent.subscription_details.metadata}. */
  static JsonObject path(JsonObject object, String... fields) {
    JsonObject current = object;
    for (String field : fields) {
      current = object(current, field);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  static String currency(JsonObject object) {
    String currency = string(object, "currency");
    if (currency == null) {
      throw new PoisonEventException("currency is missing");
    }
    return currency.toLowerCase(java.util.Locale.ROOT);
  }
}
